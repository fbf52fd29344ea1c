/* A fake vendor ID-card SDK for the tests, exporting both families: CVR_* (termb) and SDT_* (sdtapi).

   The "card" is the file named by FAKE_IDCARD_CARD, looked at on every call (no file: no card): the
   256-byte UCS-2LE base message, optionally followed by a BMP photo for GetBMPData.
   FAKE_IDCARD_FAIL_PORT=1 makes opening the port fail.

   -DONLY_CVR or -DONLY_SDT leaves the other family out. FakeSdk_PortsOpen() lets the tests check that
   the reader closed its port. */

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_SIZE 256
#define CARD_MAX (TEXT_SIZE + 65536)
#define TYPE_AT 124 /* the card type flag, in UCS-2 characters */

static int ports_open;

int FakeSdk_PortsOpen(void) { return ports_open; }

static int port_fails(void) {
    const char *value = getenv("FAKE_IDCARD_FAIL_PORT");
    return value != NULL && strcmp(value, "1") == 0;
}

static int valid_port(int port) { return (port >= 1 && port <= 16) || (port >= 1001 && port <= 1016); }

/* Reads the card into buf: its length, or -1 with no card. */
static long read_card(unsigned char *buf, size_t size) {
    const char *path = getenv("FAKE_IDCARD_CARD");
    FILE *file = path != NULL ? fopen(path, "rb") : NULL;
    if (file == NULL) return -1;
    size_t n = fread(buf, 1, size, file);
    fclose(file);
    return (long)n;
}

static int card_present(void) {
    unsigned char byte;
    return read_card(&byte, 1) >= 0;
}

#if !defined(ONLY_SDT)
#define WITH_CVR
#endif
#if !defined(ONLY_CVR)
#define WITH_SDT
#endif

#ifdef WITH_CVR
/* ---- CVR_*: the SDK reads the card once, then hands out fields as GBK text. ---- */

static unsigned char cache[CARD_MAX];
static long cache_len = -1; /* -1: nothing read */
static int cvr_port;

static void write_file(const char *name, const unsigned char *data, long size) {
    FILE *file = fopen(name, "wb");
    if (file == NULL) return;
    fwrite(data, 1, (size_t)size, file);
    fclose(file);
}

enum field { NAME, SEX, NATION, BIRTH, ADDRESS, IDCODE, DEPARTMENT, START, END, CERTTYPE, PASSCHECK, ISSUES,
             CNNAME, ENNAME, NATIONALITY, NFIELDS };

struct span { int start, end; }; /* UCS-2 characters, [start, end); {0, 0}: not on this card type */

static const struct span resident_spans[NFIELDS] = { /* also the HK/Macao/Taiwan residence permit ("J") */
    [NAME] = {0, 15}, [SEX] = {15, 16}, [NATION] = {16, 18}, [BIRTH] = {18, 26}, [ADDRESS] = {26, 61},
    [IDCODE] = {61, 79}, [DEPARTMENT] = {79, 94}, [START] = {94, 102}, [END] = {102, 110},
    [PASSCHECK] = {110, 119}, [ISSUES] = {119, 121}, [CERTTYPE] = {TYPE_AT, TYPE_AT + 1},
};

static const struct span foreign_spans[NFIELDS] = { /* the foreign permanent resident card ("I") */
    [ENNAME] = {0, 60}, [SEX] = {60, 61}, [IDCODE] = {61, 76}, [NATIONALITY] = {76, 79}, [NAME] = {79, 94},
    [CNNAME] = {79, 94}, [START] = {94, 102}, [END] = {102, 110}, [BIRTH] = {110, 118},
    [CERTTYPE] = {TYPE_AT, TYPE_AT + 1},
};

/* UCS-2LE to NUL-terminated GBK; a character GBK lacks becomes '?', as vendor SDKs do. -1: buf too small. */
static int to_gbk(const unsigned char *in, int chars, char *out, int size) {
    iconv_t cd = iconv_open("GBK", "UCS-2LE");
    if (cd == (iconv_t)-1) return -1;
    int used = 0;
    for (int i = 0; i < chars; i++) {
        char one[4];
        char *src = (char *)in + 2 * i, *dst = one;
        size_t src_left = 2, dst_left = sizeof one;
        if (iconv(cd, &src, &src_left, &dst, &dst_left) == (size_t)-1) {
            iconv(cd, NULL, NULL, NULL, NULL);
            dst = one;
            *dst++ = '?';
        }
        int n = (int)(dst - one);
        if (used + n + 1 > size) {
            iconv_close(cd);
            return -1;
        }
        memcpy(out + used, one, (size_t)n);
        used += n;
    }
    out[used] = '\0';
    iconv_close(cd);
    return used;
}

static int get_text(enum field field, char *buf, int *len) {
    if (cache_len < TEXT_SIZE || buf == NULL || len == NULL) return 0;
    int foreign = cache[2 * TYPE_AT] == 'I' && cache[2 * TYPE_AT + 1] == 0;
    struct span span = (foreign ? foreign_spans : resident_spans)[field];
    while (span.end > span.start && cache[2 * span.end - 2] == ' ' && cache[2 * span.end - 1] == 0) span.end--;
    const unsigned char *code = cache + 2 * span.start;
    if (field == SEX && span.end - span.start == 1 && code[1] == 0 && (code[0] == '1' || code[0] == '2')) {
        const char *sex = code[0] == '1' ? "\xc4\xd0" : "\xc5\xae"; /* 男, 女 in GBK */
        if (*len < 3) return 0;
        strcpy(buf, sex);
        *len = 2;
        return 1;
    }
    int n = to_gbk(code, span.end - span.start, buf, *len);
    if (n < 0) return 0;
    *len = n;
    return 1;
}

int CVR_InitComm(int port) {
    if (port_fails() || !valid_port(port)) return 2; /* 2: the port would not open */
    if (!cvr_port) ports_open++;
    cvr_port = port;
    return 1;
}

int CVR_CloseComm(void) {
    if (cvr_port) ports_open--;
    cvr_port = 0;
    cache_len = -1;
    return 1;
}

int CVR_Authenticate(void) {
    if (!cvr_port) return 4; /* not initialised */
    return card_present() ? 1 : 2;
}

/* Reads the card and, as some real SDKs do, leaves wz.txt and zp.bmp in the working directory. */
int CVR_Read_Content(int active) {
    (void)active;
    cache_len = cvr_port ? read_card(cache, sizeof cache) : -1;
    if (cache_len < TEXT_SIZE) {
        cache_len = -1;
        return 0;
    }
    write_file("wz.txt", cache, TEXT_SIZE);
    if (cache_len > TEXT_SIZE) write_file("zp.bmp", cache + TEXT_SIZE, cache_len - TEXT_SIZE);
    return 1;
}

#define GETTER(function, field) \
    int function(char *buf, int *len) { return get_text(field, buf, len); }
GETTER(GetPeopleName, NAME)
GETTER(GetPeopleSex, SEX)
GETTER(GetPeopleNation, NATION) /* the GB 3304 code: some builds answer with the code, others with the name */
GETTER(GetPeopleBirthday, BIRTH)
GETTER(GetPeopleAddress, ADDRESS)
GETTER(GetPeopleIDCode, IDCODE)
GETTER(GetDepartment, DEPARTMENT)
GETTER(GetStartDate, START)
GETTER(GetEndDate, END)
GETTER(GetCertType, CERTTYPE)
GETTER(GetPassCheckID, PASSCHECK)
GETTER(GetIssuesNum, ISSUES)
GETTER(GetPeopleChineseName, CNNAME)
GETTER(GetPeopleEnglishName, ENNAME)
GETTER(GetNationality, NATIONALITY)

int GetBMPData(unsigned char *buf, int *len) {
    long size = cache_len - TEXT_SIZE;
    if (size <= 0 || buf == NULL || len == NULL || *len < size) return 0;
    memcpy(buf, cache + TEXT_SIZE, (size_t)size);
    *len = (int)size;
    return 1;
}
#endif

#ifdef WITH_SDT
/* ---- SDT_*: the raw 256-byte base message and the 1024-byte WLT photo. ---- */

static int sdt_port;

static int sdt_ready(int port, int ifopen) { return ifopen ? !port_fails() : sdt_port == port; }

int SDT_OpenPort(int port) {
    if (port_fails() || !valid_port(port)) return 0x01;
    if (!sdt_port) ports_open++;
    sdt_port = port;
    return 0x90;
}

int SDT_ClosePort(int port) {
    if (sdt_port != port) return 0x01;
    sdt_port = 0;
    ports_open--;
    return 0x90;
}

int SDT_StartFindIDCard(int port, unsigned char *mana, int ifopen) {
    if (!sdt_ready(port, ifopen)) return 0x01;
    if (mana != NULL) memset(mana, 0, 4);
    return card_present() ? 0x9F : 0x80;
}

int SDT_SelectIDCard(int port, unsigned char *mana, int ifopen) {
    if (!sdt_ready(port, ifopen)) return 0x01;
    if (mana != NULL) memset(mana, 0, 8);
    return card_present() ? 0x90 : 0x81;
}

int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *textlen, unsigned char *photo,
                    unsigned int *photolen, int ifopen) {
    static unsigned char card[CARD_MAX];
    if (!sdt_ready(port, ifopen)) return 0x01;
    long n = read_card(card, sizeof card);
    if (n < 0) return 0x80;
    if (n < TEXT_SIZE) return 0x41; /* the chip did not answer in full */
    memcpy(text, card, TEXT_SIZE);
    *textlen = TEXT_SIZE;
    memset(photo, 0, 1024);
    memcpy(photo, "WLT", 3); /* a stand-in: real WLT is the vendor's compressed photo */
    *photolen = 1024;
    return 0x90;
}
#endif
