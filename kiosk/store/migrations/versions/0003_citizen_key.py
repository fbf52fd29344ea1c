"""Applications remember whose they are, by citizen key (an HMAC of the ID number, not the number).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("citizen_key", sa.String(64), nullable=True))
        batch.create_index("ix_applications_citizen_key", ["citizen_key"])


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_index("ix_applications_citizen_key")
        batch.drop_column("citizen_key")
