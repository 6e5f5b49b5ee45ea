"""index for per-unit counts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:10:15.897004
"""
from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_counts', ['kind', 'window_start', 'unit_id', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_counts')

