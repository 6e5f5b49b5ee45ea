"""shared state for N instances (nonces, rate slots), inbound retries, outbox parts,
free-text columns as wide as a message may be

Revision ID: 0005
Revises: 0007 (numbered before it, applied after: the branches were written side by side)
Create Date: 2026-12-01 08:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0007'
branch_labels = None
depends_on = None

# (table, column, old length, new length)
WIDENED = [
    ('events', 'topic', 500, 2000), ('events', 'window_text', 50, 200),
    ('events', 'location', 200, 2000), ('events', 'speaker', 200, 2000),
    ('registration_forms', 'title', 300, 2000), ('registration_forms', 'host_unit', 200, 2000),
    ('registration_forms', 'contact_title', 100, 2000), ('registration_forms', 'location', 200, 2000),
    ('statistics_forms', 'location', 200, 2000), ('statistics_forms', 'unit_name', 200, 2000),
    ('statistics_forms', 'topic', 500, 2000), ('statistics_forms', 'speaker', 200, 2000),
    ('statistics_forms', 'link', 500, 2000),
]


def upgrade() -> None:
    op.create_table('rate_slots',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('slot', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('until', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'slot', name=op.f('pk_rate_slots'))
    )
    op.create_table('seen_nonces',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_seen_nonces'))
    )
    op.create_index(op.f('ix_seen_nonces_expires_at'), 'seen_nonces', ['expires_at'], unique=False)
    # added columns need no table rebuild on SQLite either
    op.add_column('inbound_messages', sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
    op.add_column('inbound_messages', sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
    op.add_column('outbox', sa.Column('parts_sent', sa.Integer(), server_default='0', nullable=False))
    op.add_column('outbox', sa.Column('claims', sa.Integer(), server_default='0', nullable=False))
    _resize(new=True)


def downgrade() -> None:
    _resize(new=False)
    op.drop_column('outbox', 'claims')
    op.drop_column('outbox', 'parts_sent')
    op.drop_column('inbound_messages', 'next_attempt_at')
    op.drop_column('inbound_messages', 'attempts')
    op.drop_index(op.f('ix_seen_nonces_expires_at'), table_name='seen_nonces')
    op.drop_table('seen_nonces')
    op.drop_table('rate_slots')


def _resize(*, new: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        for table, column, old, wide in WIDENED:
            op.alter_column(table, column, existing_type=sa.String(old if new else wide),
                            type_=sa.String(wide if new else old))
        return
    # SQLite stores any length in a VARCHAR; only the declared type changes. A batch rebuild
    # would drop the table, and with foreign keys on that cascades into the event's history
    # and forms: edit the declaration instead (sqlite.org/lang_altertable.html, "otheralter":
    # a change of declared type with the same affinity leaves the stored rows valid).
    version = int(bind.exec_driver_sql('PRAGMA schema_version').scalar() or 0)
    bind.exec_driver_sql('PRAGMA writable_schema=ON')
    for table, column, old, wide in WIDENED:
        before, after = (old, wide) if new else (wide, old)
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
            (f'{column} VARCHAR({before})', f'{column} VARCHAR({after})', table))
    bind.exec_driver_sql(f'PRAGMA schema_version={version + 1}')
    bind.exec_driver_sql('PRAGMA writable_schema=OFF')
