"""Where an installed catalogue came from: the configured file, or the platform.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("catalogues") as batch:
        batch.add_column(sa.Column("origin", sa.String(16), nullable=False, server_default="file"))


def downgrade() -> None:
    with op.batch_alter_table("catalogues") as batch:
        batch.drop_column("origin")
