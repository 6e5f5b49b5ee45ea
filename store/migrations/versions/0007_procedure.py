"""the office's procedure: material files, approval chains in steps, 预告 and 实录

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-01 08:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('path', sa.String(length=300), nullable=True),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('inbound_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_materials_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inbound_id'], ['inbound_messages.id'],
                            name=op.f('fk_materials_inbound_id_inbound_messages')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_materials_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_materials')),
    sa.UniqueConstraint('event_id', 'sha256', name=op.f('uq_materials_event_id_sha256'))
    )
    op.create_index(op.f('ix_materials_event_id'), 'materials', ['event_id'], unique=False)
    op.create_table('approval_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('confidentiality', sa.Boolean(), nullable=False),
    sa.Column('assignees', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_name', sa.String(length=50), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('asked_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['people.id'], name=op.f('fk_approval_steps_decided_by_people')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_approval_steps_event_id_events'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_steps')),
    sa.UniqueConstraint('event_id', 'round', 'seq', name=op.f('uq_approval_steps_event_id_round_seq'))
    )
    op.create_index(op.f('ix_approval_steps_event_id'), 'approval_steps', ['event_id'], unique=False)
    op.create_index(op.f('ix_approval_steps_status'), 'approval_steps', ['status'], unique=False)
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('contents', sa.JSON(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('inbound_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_publications_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inbound_id'], ['inbound_messages.id'],
                            name=op.f('fk_publications_inbound_id_inbound_messages')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_publications_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('event_id', 'item', name=op.f('uq_publications_event_id_item'))
    )
    op.create_index(op.f('ix_publications_event_id'), 'publications', ['event_id'], unique=False)
    op.create_table('interview_outlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('interview_form', sa.String(length=20), nullable=True),
    sa.Column('guests', sa.JSON(), nullable=False),
    sa.Column('plan', sa.Text(), nullable=True),
    sa.Column('outline', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_interview_outlines_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by'], ['people.id'],
                            name=op.f('fk_interview_outlines_submitted_by_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_outlines')),
    sa.UniqueConstraint('event_id', name=op.f('uq_interview_outlines_event_id'))
    )


def downgrade() -> None:
    op.drop_table('interview_outlines')
    op.drop_index(op.f('ix_publications_event_id'), table_name='publications')
    op.drop_table('publications')
    op.drop_index(op.f('ix_approval_steps_status'), table_name='approval_steps')
    op.drop_index(op.f('ix_approval_steps_event_id'), table_name='approval_steps')
    op.drop_table('approval_steps')
    op.drop_index(op.f('ix_materials_event_id'), table_name='materials')
    op.drop_table('materials')
