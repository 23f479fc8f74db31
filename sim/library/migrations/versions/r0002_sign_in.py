"""Revision 2, sign-in: sessions (a signed cookie carries a session's id), failed sign-ins (for
throttling) and the library's secrets (the key that signs session tokens)."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("sessions", sa.Column("id", sa.String(32), nullable=False),
                    sa.Column("account_id", sa.String(32), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("expires_at", sa.DateTime(), nullable=False),
                    sa.Column("revoked_at", sa.DateTime(), nullable=True),
                    sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE",
                                            name="fk_sessions_account_id_accounts"),
                    sa.PrimaryKeyConstraint("id", name="pk_sessions"))
    op.create_index("ix_sessions_account_id", "sessions", ["account_id"])
    op.create_table("sign_in_failures", sa.Column("id", sa.String(32), nullable=False),
                    sa.Column("login", sa.String(200), nullable=False),
                    sa.Column("client", sa.String(200), nullable=False),
                    sa.Column("at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"))
    op.create_index("ix_sign_in_failures_login", "sign_in_failures", ["login"])
    op.create_table("secrets", sa.Column("name", sa.String(64), nullable=False),
                    sa.Column("value", sa.String(200), nullable=False),
                    sa.PrimaryKeyConstraint("name", name="pk_secrets"))


def downgrade() -> None:
    for table in ("secrets", "sign_in_failures", "sessions"):
        op.drop_table(table)
