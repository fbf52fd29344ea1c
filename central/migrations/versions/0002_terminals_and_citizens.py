"""Terminals, catalogue versions, certificates, e-licences, shared data, consents, ratings

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "platform_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_platform_settings")),
    )
    op.create_table(
        "catalogue_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("bundle", sa.LargeBinary(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_versions")),
        sa.UniqueConstraint("version", name=op.f("uq_catalogue_versions_version")),
    )
    op.create_table(
        "e_licences",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("citizen_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_e_licences")),
    )
    with op.batch_alter_table("e_licences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_e_licences_citizen_key"), ["citizen_key"], unique=False)

    op.create_table(
        "shared_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("citizen_key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_records")),
        sa.UniqueConstraint("citizen_key", "name", name=op.f("uq_shared_records_citizen_key")),
    )
    with op.batch_alter_table("shared_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_records_citizen_key"), ["citizen_key"], unique=False)

    op.create_table(
        "terminals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("hall", sa.String(length=200), nullable=False),
        sa.Column("enrol_code_sha256", sa.String(length=64), nullable=True),
        sa.Column("enrol_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_key", sa.LargeBinary(), nullable=True),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("health", sa.JSON(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terminals")),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("citizen_key", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("wording_version", sa.String(length=32), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["terminal_id"], ["terminals.id"], name=op.f("fk_consents_terminal_id_terminals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_citizen_key"), ["citizen_key"], unique=False)

    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("application_uuid", sa.String(length=36), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=500), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_uuid"], ["applications.uuid"], name=op.f("fk_ratings_application_uuid_applications")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint("application_uuid", name=op.f("uq_ratings_application_uuid")),
    )
    op.create_table(
        "terminal_commands",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("command", sa.String(length=64), nullable=False),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_terminal_commands_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terminal_commands")),
    )
    with op.batch_alter_table("terminal_commands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_terminal_commands_terminal_id"), ["terminal_id"], unique=False)

    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_number", sa.String(length=68), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("verification_code", sa.String(length=16), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_number"], ["item_applications.number"], name=op.f("fk_certificates_item_number_item_applications")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("item_number", name=op.f("uq_certificates_item_number")),
        sa.UniqueConstraint("serial", name=op.f("uq_certificates_serial")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=16), nullable=False, server_default="kiosk"))
        batch_op.add_column(sa.Column("citizen_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decision_reason", sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f("ix_applications_citizen_key"), ["citizen_key"], unique=False)


def downgrade() -> None:
    op.drop_table("platform_settings")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_citizen_key"))
        batch_op.drop_column("decision_reason")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("citizen_key")
        batch_op.drop_column("channel")

    op.drop_table("certificates")
    with op.batch_alter_table("terminal_commands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_terminal_commands_terminal_id"))

    op.drop_table("terminal_commands")
    op.drop_table("ratings")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_citizen_key"))

    op.drop_table("consents")
    op.drop_table("terminals")
    with op.batch_alter_table("shared_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_records_citizen_key"))

    op.drop_table("shared_records")
    with op.batch_alter_table("e_licences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_e_licences_citizen_key"))

    op.drop_table("e_licences")
    op.drop_table("catalogue_versions")
