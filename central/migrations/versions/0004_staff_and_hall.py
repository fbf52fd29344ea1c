"""Staff accounts, staff cards, sign-ins, calls, the hall queue, staff audit, staff page sessions; 帮办代办 columns

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hall_tickets",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("called_by", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_hall_tickets")),
        sa.UniqueConstraint("day", "number", name=op.f("uq_hall_tickets_day")),
    )
    with op.batch_alter_table("hall_tickets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hall_tickets_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_hall_tickets_status"), ["status"], unique=False)

    op.create_table(
        "staff_accounts",
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_pins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hard_locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_staff_accounts")),
    )
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("staff_number", sa.String(length=16), nullable=True),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_audit")),
        sa.UniqueConstraint("uuid", name=op.f("uq_staff_audit_uuid")),
    )
    with op.batch_alter_table("staff_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_audit_staff_number"), ["staff_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_audit_terminal_id"), ["terminal_id"], unique=False)

    op.create_table(
        "staff_calls",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("screen", sa.String(length=64), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=16), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_staff_calls")),
    )
    with op.batch_alter_table("staff_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_calls_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_staff_calls_terminal_id"), ["terminal_id"], unique=False)

    op.create_table(
        "staff_sign_ins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("staff_number", sa.String(length=16), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=True),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_sign_ins")),
    )
    with op.batch_alter_table("staff_sign_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_sign_ins_staff_number"), ["staff_number"], unique=False)

    op.create_table(
        "staff_web_sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("staff_number", sa.String(length=16), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_staff_web_sessions")),
    )
    op.create_table(
        "staff_cards",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("staff_number", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_number"], ["staff_accounts.number"], name=op.f("fk_staff_cards_staff_number_staff_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_cards")),
        sa.UniqueConstraint("public_key", name=op.f("uq_staff_cards_public_key")),
    )
    with op.batch_alter_table("staff_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_cards_staff_number"), ["staff_number"], unique=False)

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assistance", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("identity_source", sa.String(length=16), server_default="chip", nullable=False))
        batch_op.add_column(sa.Column("identity_reason", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("registry_check", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_applications_received_at"), ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_received_at"))
        batch_op.drop_column("registry_check")
        batch_op.drop_column("identity_reason")
        batch_op.drop_column("identity_source")
        batch_op.drop_column("assistance")

    with op.batch_alter_table("staff_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_cards_staff_number"))

    op.drop_table("staff_cards")
    op.drop_table("staff_web_sessions")
    with op.batch_alter_table("staff_sign_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_sign_ins_staff_number"))

    op.drop_table("staff_sign_ins")
    with op.batch_alter_table("staff_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_calls_terminal_id"))
        batch_op.drop_index(batch_op.f("ix_staff_calls_status"))

    op.drop_table("staff_calls")
    with op.batch_alter_table("staff_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_audit_terminal_id"))
        batch_op.drop_index(batch_op.f("ix_staff_audit_staff_number"))

    op.drop_table("staff_audit")
    op.drop_table("staff_accounts")
    with op.batch_alter_table("hall_tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hall_tickets_status"))
        batch_op.drop_index(batch_op.f("ix_hall_tickets_day"))

    op.drop_table("hall_tickets")
