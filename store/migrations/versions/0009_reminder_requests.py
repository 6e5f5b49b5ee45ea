"""reminder requests: events whose reminders the rounds work out again

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reminder_requests',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('reminder_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_requests_event_id'), ['event_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reminder_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_requests_event_id'))
    op.drop_table('reminder_requests')
