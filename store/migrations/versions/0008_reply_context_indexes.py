"""indexes for the reply-in-context lookups

"The person's last message from the bot" reads the reminders sent to one person, the messages
one user wrote (newest first) and the changes one message made; none of these had an index.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-01 10:50:00
"""
from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index('ix_reminders_recipient_sent', ['recipient_id', 'sent_at'], unique=False)
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_user_received', ['user_id', 'received_at'], unique=False)
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.create_index('ix_event_changes_inbound_id', ['inbound_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_event_changes_inbound_id')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_user_received')
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_recipient_sent')
