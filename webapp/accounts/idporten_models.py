"""Which of our sessions an ID-porten session started, so that the provider's front-channel
logout (which names only its own session id, `sid`) can end ours."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.database import Base


class IdportenSession(Base):
    __tablename__ = "idporten_sessions"

    # The provider's session id as it sent it: an opaque value that names nobody.
    sid: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(index=True)
