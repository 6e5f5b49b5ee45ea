"""The register's schema, designed as one.

Times are stored in UTC (``UTCDateTime`` keeps them aware on the way out, also on SQLite);
planned windows are plain dates (inclusive), since "5月中旬" has no time of day.
String enums are stored as short strings so that the rows stay readable in any SQL shell.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from store.kinds import Kind as Kind
from store.kinds import Role as Role
from store.kinds import Source as Source
from store.kinds import Status as Status


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# Named constraints, so that later migrations can alter them (SQLite batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# What a chat form or a message may put into a free-text column: the inbox refuses longer
# messages (bot.channels.text.MAX_TEXT_CHARS), so no field taken from one can overflow it.
FREE_TEXT = 2000


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def table_of(model: type[Base]) -> Table:
    """A model's table, for Core statements on hot paths (an ORM-enabled statement costs
    several times the SQL it sends; plain rows need no objects in the session)."""
    return cast(Table, model.__table__)


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    level: Mapped[str | None] = mapped_column(String(10))  # 市 / 县 / 区 / 镇 ...
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)  # "2·1+N" key department
    yearly_quota: Mapped[int | None] = mapped_column(Integer)  # None: the policy's default


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))  # wecom / dingtalk / console
    user_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(50))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20), default=Role.LIAISON)
    mobile: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class Chat(Base):
    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("platform", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_window", "window_start", "window_end"),
        Index("ix_events_unit_window", "unit_id", "window_start"),
        # re-importing a plan finds its rows by (year, kind, 序号)
        Index("ix_events_plan", "plan_year", "kind", "plan_seq"),
        # covers the per-unit counts of a year or half (no table lookups)
        Index("ix_events_counts", "kind", "window_start", "unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    subtype: Mapped[str | None] = mapped_column(String(30))  # 例行 / 政策解读 / 网上访谈 / 微视频访谈 ...
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    topic: Mapped[str] = mapped_column(String(FREE_TEXT), default="待定")
    window_start: Mapped[date] = mapped_column(Date)  # inclusive
    window_end: Mapped[date] = mapped_column(Date)  # inclusive
    window_text: Mapped[str | None] = mapped_column(String(200))  # as written: "5月中旬", "三季度"
    start_at: Mapped[datetime | None]  # exact time once known
    location: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    speaker: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    status: Mapped[str] = mapped_column(String(20), default=Status.PLANNED, index=True)
    source: Mapped[str] = mapped_column(String(20), default=Source.CHAT)
    plan_year: Mapped[int | None] = mapped_column(Integer)
    plan_seq: Mapped[int | None] = mapped_column(Integer)  # 序号 in the imported plan
    # The plan row as last imported: a re-import changes only what the plan itself changed,
    # never what was settled since in chat (an exact date, a new place).
    plan_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # "2·1+N": did the unit's principal leader (主要负责同志) speak, and who (None: not said yet)
    principal_spoke: Mapped[bool | None] = mapped_column(Boolean)
    principal_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column()

    unit: Mapped[Unit] = relationship(lazy="joined")
    co_units: Mapped[list[Unit]] = relationship(secondary="event_co_units", lazy="selectin")

    # updated_at is the row's version: an UPDATE names the version it read, so a change made
    # meanwhile by another message or process is not overwritten (StaleDataError: the message is
    # handled again from fresh reads); the code that changes an event sets the new value
    __mapper_args__ = {"version_id_col": updated_at, "version_id_generator": False}


class EventCoUnit(Base):
    __tablename__ = "event_co_units"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)


class EventChange(Base):
    """One field's change: who, when, from what, to what, and the message that caused it."""

    __tablename__ = "event_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    actor: Mapped[str] = mapped_column(String(100))  # display name, or "plan import"
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # why (a cancellation, a new topic), as the unit wrote it


class RegistrationForm(Base):
    """登记表, with the material checklist and the office's approval."""

    __tablename__ = "registration_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str | None] = mapped_column(String(FREE_TEXT))  # 全称
    host_unit: Mapped[str | None] = mapped_column(String(FREE_TEXT))  # 举办单位
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_title: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    summary: Mapped[str | None] = mapped_column(Text)  # 内容
    held_at: Mapped[datetime | None]  # 举办时间
    location: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    invited_leaders: Mapped[list[Any]] = mapped_column(default=list)
    invited_media: Mapped[list[Any]] = mapped_column(default=list)
    press_release: Mapped[str | None] = mapped_column(Text)  # ≤ 1200 characters
    questions: Mapped[list[Any]] = mapped_column(default=list)  # [{"q": ..., "a": ...}], a ≤ 500
    photo_count: Mapped[int] = mapped_column(Integer, default=0)
    has_video: Mapped[bool] = mapped_column(Boolean, default=False)
    remarks: Mapped[str | None] = mapped_column(Text)  # 备注
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    approval: Mapped[str] = mapped_column(String(20), default="pending")  # pending/approved/rejected
    approval_opinion: Mapped[str | None] = mapped_column(Text)  # 审批意见
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    approved_at: Mapped[datetime | None]


class StatisticsForm(Base):
    """统计表: one row per held event."""

    __tablename__ = "statistics_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    held_at: Mapped[datetime | None]
    location: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    unit_name: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    media: Mapped[list[Any]] = mapped_column(default=list)  # 参加发布会的媒体单位
    topic: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    speaker: Mapped[str | None] = mapped_column(String(FREE_TEXT))  # 发布人姓名、职务
    has_reporter_questions: Mapped[bool | None] = mapped_column(Boolean)
    reporter_question_count: Mapped[int | None] = mapped_column(Integer)
    interview_form: Mapped[str | None] = mapped_column(String(20))  # 网上 / 微视频
    netizen_question_count: Mapped[int | None] = mapped_column(Integer)
    link: Mapped[str | None] = mapped_column(String(FREE_TEXT))
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


class InboundMessage(Base):
    """Every accepted platform message, stored before it is acknowledged.

    The unique (platform, message_id) is what makes a platform retry harmless.
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("platform", "message_id"),
                      Index("ix_inbound_user_received", "user_id", "received_at"))  # a user's latest message

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))  # wecom / wecom_aibot / dingtalk / console
    message_id: Mapped[str] = mapped_column(String(200))
    chat_id: Mapped[str | None] = mapped_column(String(128))
    chat_type: Mapped[str] = mapped_column(String(10), default="single")  # single / group
    user_id: Mapped[str] = mapped_column(String(128))
    user_name: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text, default="")
    mentioned: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_handle: Mapped[dict[str, Any]] = mapped_column(default=dict)  # sessionWebhook, response_url ...
    received_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)  # received/handled/failed
    handled_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    # a transient failure (lock, serialization, lost connection) leaves the row 'received'
    # and moves this forward; only a defect marks it failed
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """Every reply and push, written here first and delivered by a worker."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    platform: Mapped[str] = mapped_column(String(20))
    target: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"chat_id"|"user_id"|"webhook": ..., handle...}
    content_type: Mapped[str] = mapped_column(String(20), default="text")  # text / markdown / file
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending/sending/sent/dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # parts of a body the sender split further (a fallback channel with a smaller limit)
    # already delivered: a retry goes on from the next part
    parts_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # times claimed: more than once means this may be a resend (a failure, or a lease that
    # expired after a crash mid-send), which a platform may deduplicate
    claims: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxFile(Base):
    """The bytes of an outbox row of content_type "file" (an export sent in chat).

    Written in the same transaction as its row, so a restart loses neither; removed once the
    row is sent. ``source`` says how the document is built again, for platforms that get a
    download link instead of the file.
    """

    __tablename__ = "outbox_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    source: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]

    outbox: Mapped[OutboxMessage] = relationship()


class Reminder(Base):
    """A reminder is a row: unique per (event, rule, recipient, due date), so recomputing never doubles it."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "status", "due_at"),
                      Index("ix_reminders_recipient_sent", "recipient_id", "sent_at"))  # the last one sent to a person

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    rule: Mapped[str] = mapped_column(String(50))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    recipient_role: Mapped[str | None] = mapped_column(String(20))
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending/claimed/sent/cancelled/dropped
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime | None]
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ConversationState(Base):
    """An open form for one (platform, chat, user): survives restarts, expires."""

    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[str] = mapped_column(String(128))
    form: Mapped[str] = mapped_column(String(50))  # registration / statistics / choice ...
    step: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LoginToken(Base):
    """A one-time sign-in link for the dashboard: only the token's hash is kept, used once."""

    __tablename__ = "login_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Material(Base):
    """A material file sent in chat for an event (通稿, 问答, 照片, 视频, 访谈提纲/方案).

    The bytes are in ``content`` by default, or in a directory (``path`` relative to it) when
    the deployment says so; ``sha256`` finds the same file sent twice. ``facts`` holds what was
    counted from it: characters of a press release, Q&A pairs and long answers.
    """

    __tablename__ = "materials"
    __table_args__ = (UniqueConstraint("event_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # press_release / qa / photo / video / outline / plan / other
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    path: Mapped[str | None] = mapped_column(String(300))
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))
    received_at: Mapped[datetime]


class ApprovalStep(Base):
    """One step of an event's approval chain, in one round (a resubmission starts a new round)."""

    __tablename__ = "approval_steps"
    __table_args__ = (UniqueConstraint("event_id", "round", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50))  # 单位负责人 / 分管领导 / 政务公开办 / 宣传部
    mode: Mapped[str] = mapped_column(String(20), default="approve")  # approve / copy
    confidentiality: Mapped[bool] = mapped_column(Boolean, default=False)
    assignees: Mapped[list[Any]] = mapped_column(default=list)  # people ids who may answer
    status: Mapped[str] = mapped_column(String(20), default="waiting", index=True)
    # waiting (not reached) / pending (asked) / approved / rejected / informed (copy) / stopped
    opinion: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_name: Mapped[str | None] = mapped_column(String(50))
    decided_at: Mapped[datetime | None]
    asked_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]


class Publication(Base):
    """预告 / 实录 (interviews also 视频) of an event: when, where and what was published."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("event_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(20))  # preview / record / video
    published_at: Mapped[datetime]
    link: Mapped[str | None] = mapped_column(String(500))
    contents: Mapped[list[Any]] = mapped_column(default=list)  # 文字 / 图片 / 视频 / 问答
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"))


class InterviewOutline(Base):
    """访谈方案 and 访谈提纲 of an online interview (due 30 days before it airs)."""

    __tablename__ = "interview_outlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    interview_form: Mapped[str | None] = mapped_column(String(20))  # 网上 / 微视频
    guests: Mapped[list[Any]] = mapped_column(default=list)  # 访谈嘉宾
    plan: Mapped[str | None] = mapped_column(Text)  # 访谈方案
    outline: Mapped[str | None] = mapped_column(Text)  # 访谈提纲
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
class SeenNonce(Base):
    """A signed callback's (timestamp, nonce, signature), kept for the replay window: shared by
    every instance, so a replay to another instance or after a restart is still recognised."""

    __tablename__ = "seen_nonces"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class RateSlot(Base):
    """A rate limit of ``count`` per window is ``count`` slots per key; taking one is a
    conditional UPDATE of a slot whose ``until`` has passed, atomic across instances."""

    __tablename__ = "rate_slots"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    until: Mapped[datetime]


class ReminderRequest(Base):
    """An event whose reminders are to be worked out again: written in the transaction that
    changed it, worked off (and deleted) by the rounds beside the handler, so that a message's
    handling never waits for its reminders and a crash in between loses none of them."""

    __tablename__ = "reminder_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
