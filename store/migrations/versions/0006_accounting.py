"""the year's accounting: principal leader on the event, reasons of changes, 登记表 备注

Revision ID: 0006
Revises: see down_revision (the only line that changes when it is re-chained)
Create Date: 2026-12-01 08:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


# The sectors the notices name that the first build did not mark key ("2·1+N"): units already in
# the register become key departments, as new ones do (store.rules.KEY_CONCEPTS). Frozen here.
NEW_KEY_SPELLINGS = ("科技局", "科学技术", "经信", "经济和信息化", "工信", "工业和信息化", "水利", "水务", "林业",
                     "林草", "体育局", "房产", "房管", "房地产", "乡村振兴", "扶贫", "税务")
NOT_DEPARTMENT_SUFFIXES = ("镇", "乡", "街道", "公司", "中心", "学校", "医院")


def _mark_new_key_sectors() -> None:
    units = sa.table("units", sa.column("name", sa.String), sa.column("is_key", sa.Boolean))
    named = sa.or_(*(units.c.name.like(f"%{s}%") for s in NEW_KEY_SPELLINGS))
    departments = sa.and_(*(sa.not_(units.c.name.like(f"%{s}")) for s in NOT_DEPARTMENT_SUFFIXES))
    op.execute(units.update().where(named, departments).values(is_key=True))


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('principal_spoke', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('principal_name', sa.String(length=100), nullable=True))
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
    with op.batch_alter_table('registration_forms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remarks', sa.Text(), nullable=True))
    _mark_new_key_sectors()


def downgrade() -> None:
    with op.batch_alter_table('registration_forms', schema=None) as batch_op:
        batch_op.drop_column('remarks')
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.drop_column('reason')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('principal_name')
        batch_op.drop_column('principal_spoke')
