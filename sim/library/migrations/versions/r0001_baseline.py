"""Revision 1, the baseline: organisations, accounts, scenarios and their versions, drafts,
plans and their proposal files."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.String(32), nullable=False)


def upgrade() -> None:
    op.create_table("organisations", _id(), sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("id", name="pk_organisations"),
                    sa.UniqueConstraint("name", name="uq_organisations_name"))
    op.create_table("accounts", _id(),
                    sa.Column("organisation_id", sa.String(32), nullable=False),
                    sa.Column("login", sa.String(200), nullable=False),
                    sa.Column("role", sa.String(16), nullable=False),
                    sa.Column("password_hash", sa.String(400), nullable=True),
                    sa.Column("active", sa.Boolean(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                            name="fk_accounts_organisation_id_organisations"),
                    sa.PrimaryKeyConstraint("id", name="pk_accounts"),
                    sa.UniqueConstraint("login", name="uq_accounts_login"))
    op.create_index("ix_accounts_organisation_id", "accounts", ["organisation_id"])
    op.create_table("scenarios", _id(),
                    sa.Column("organisation_id", sa.String(32), nullable=False),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                            name="fk_scenarios_organisation_id_organisations"),
                    sa.PrimaryKeyConstraint("id", name="pk_scenarios"),
                    sa.UniqueConstraint("organisation_id", "name", name="uq_scenarios_organisation_id_name"))
    op.create_index("ix_scenarios_organisation_id", "scenarios", ["organisation_id"])
    op.create_table("versions", _id(),
                    sa.Column("scenario_id", sa.String(32), nullable=False),
                    sa.Column("number", sa.Integer(), nullable=False),
                    sa.Column("parent_number", sa.Integer(), nullable=True),
                    sa.Column("author_id", sa.String(32), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("message", sa.Text(), nullable=False),
                    sa.Column("yaml_text", sa.Text(), nullable=False),
                    sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], ondelete="CASCADE",
                                            name="fk_versions_scenario_id_scenarios"),
                    sa.ForeignKeyConstraint(["author_id"], ["accounts.id"], name="fk_versions_author_id_accounts"),
                    sa.PrimaryKeyConstraint("id", name="pk_versions"),
                    sa.UniqueConstraint("scenario_id", "number", name="uq_versions_scenario_id_number"))
    op.create_index("ix_versions_scenario_id", "versions", ["scenario_id"])
    op.create_table("drafts", _id(),
                    sa.Column("scenario_id", sa.String(32), nullable=False),
                    sa.Column("account_id", sa.String(32), nullable=False),
                    sa.Column("base_number", sa.Integer(), nullable=True),
                    sa.Column("yaml_text", sa.Text(), nullable=False),
                    sa.Column("saved_at", sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], ondelete="CASCADE",
                                            name="fk_drafts_scenario_id_scenarios"),
                    sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE",
                                            name="fk_drafts_account_id_accounts"),
                    sa.PrimaryKeyConstraint("id", name="pk_drafts"),
                    sa.UniqueConstraint("scenario_id", "account_id", name="uq_drafts_scenario_id_account_id"))
    op.create_index("ix_drafts_scenario_id", "drafts", ["scenario_id"])
    op.create_table("plans", _id(),
                    sa.Column("organisation_id", sa.String(32), nullable=False),
                    sa.Column("version_id", sa.String(32), nullable=False),
                    sa.Column("kind", sa.String(16), nullable=False),
                    sa.Column("json_text", sa.Text(), nullable=False),
                    sa.Column("author_id", sa.String(32), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                            name="fk_plans_organisation_id_organisations"),
                    sa.ForeignKeyConstraint(["version_id"], ["versions.id"], ondelete="CASCADE",
                                            name="fk_plans_version_id_versions"),
                    sa.ForeignKeyConstraint(["author_id"], ["accounts.id"], name="fk_plans_author_id_accounts"),
                    sa.PrimaryKeyConstraint("id", name="pk_plans"))
    op.create_index("ix_plans_organisation_id", "plans", ["organisation_id"])
    op.create_index("ix_plans_version_id", "plans", ["version_id"])
    op.create_table("plan_files", _id(),
                    sa.Column("plan_id", sa.String(32), nullable=False),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("data", sa.LargeBinary(), nullable=False),
                    sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                            name="fk_plan_files_plan_id_plans"),
                    sa.PrimaryKeyConstraint("id", name="pk_plan_files"),
                    sa.UniqueConstraint("plan_id", "name", name="uq_plan_files_plan_id_name"))
    op.create_index("ix_plan_files_plan_id", "plan_files", ["plan_id"])


def downgrade() -> None:
    for table in ("plan_files", "plans", "drafts", "versions", "scenarios", "accounts", "organisations"):
        op.drop_table(table)
