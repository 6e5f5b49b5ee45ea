"""The 登记表 as its readers see it: the form's spec under the deployment's limits, and the
submitted form summarised for the office (what ``registration`` submits and ``approval`` asks)."""
from __future__ import annotations

from sqlalchemy import select

from bot.conversation.turn import Turn
from bot.forms import engine
from bot.forms.registration import registration_form
from bot.forms.spec import FormSpec, FormState
from bot.handlers import formflow
from store.models import Event, RegistrationForm


def spec_for(turn: Turn) -> FormSpec:
    p = turn.ctx.policy
    return registration_form(p.press_release_chars, p.min_questions, p.answer_chars)


async def office_summary(turn: Turn, event: Event) -> str:
    """The submitted form as the office reads it (asking a later step of the chain)."""
    spec = spec_for(turn)
    query = select(RegistrationForm).where(RegistrationForm.event_id == event.id)
    row = (await turn.session.execute(query)).scalars().first()
    values = formflow.row_values(spec, row)
    return engine.summary(spec, FormState(spec.name, "confirm", values), for_office=True)
