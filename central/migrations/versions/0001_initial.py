"""Applications and their item applications.

Revision ID: 0001
Revises:
Create Date: 2026-11-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("number", sa.String(64), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("package_code", sa.String(32), nullable=False),
        sa.Column("catalogue_version", sa.String(64), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verification_code", sa.String(6), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_applications")),
        sa.UniqueConstraint("number", name=op.f("uq_applications_number")),
    )
    op.create_table(
        "item_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_uuid", sa.String(36), nullable=False),
        sa.Column("item_code", sa.String(32), nullable=False),
        sa.Column("number", sa.String(68), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("promised_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_uuid"],
            ["applications.uuid"],
            name=op.f("fk_item_applications_application_uuid_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_applications")),
        sa.UniqueConstraint("number", name=op.f("uq_item_applications_number")),
    )
    op.create_index(
        op.f("ix_item_applications_application_uuid"), "item_applications", ["application_uuid"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_item_applications_application_uuid"), table_name="item_applications")
    op.drop_table("item_applications")
    op.drop_table("applications")
