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


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('principal_spoke', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('principal_name', sa.String(length=100), nullable=True))
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
    with op.batch_alter_table('registration_forms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remarks', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('registration_forms', schema=None) as batch_op:
        batch_op.drop_column('remarks')
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.drop_column('reason')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('principal_name')
        batch_op.drop_column('principal_spoke')
