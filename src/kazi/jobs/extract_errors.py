"""The errors job intake answers with: a link that could not be fetched, content that is
not one posting, or a source only a model could read when none is configured or usable."""

from http import HTTPStatus

from kazi.jobs.fetcher import FetchError, FetchErrorCode
from kazi.jobs.intake import NotPostingReason
from kazi.kit.errors import KaziError

_FETCH_STATUS = {
    FetchErrorCode.BAD_URL: HTTPStatus.UNPROCESSABLE_ENTITY,
    FetchErrorCode.BLOCKED_ADDRESS: HTTPStatus.UNPROCESSABLE_ENTITY,
    FetchErrorCode.BLOCKED_PORT: HTTPStatus.UNPROCESSABLE_ENTITY,
    FetchErrorCode.BAD_CONTENT_TYPE: HTTPStatus.UNPROCESSABLE_ENTITY,
    FetchErrorCode.TOO_LARGE: HTTPStatus.UNPROCESSABLE_ENTITY,
    FetchErrorCode.TIMEOUT: HTTPStatus.GATEWAY_TIMEOUT,
}
_NOT_POSTING_MESSAGES = {
    NotPostingReason.LISTING: "That page lists several jobs (listing); open one posting "
    "and send its link.",
    NotPostingReason.LOGIN_WALL: "That page asks you to sign in (login_wall); paste the "
    "posting's text instead.",
    NotPostingReason.EMPTY: "That page has no job posting text Kazi can read (empty).",
    NotPostingReason.NOT_A_JOB: "That is not a job posting (not_a_job): it announces no job "
    "to apply for.",
}


class FetchFailed(KaziError):
    """A FetchError for the client: its code and public message, nothing internal."""

    def __init__(self, error: FetchError) -> None:
        super().__init__(error.public_message)
        self.code = error.code.value
        self.status = _FETCH_STATUS.get(error.code, HTTPStatus.BAD_GATEWAY)


class NotAPosting(KaziError):
    code = "not_a_posting"
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = "No job posting could be found in that content."

    @classmethod
    def because(cls, reason: NotPostingReason) -> "NotAPosting":
        return cls(_NOT_POSTING_MESSAGES[reason])


class SeveralPostings(KaziError):
    """A paste holding several jobs: the roles found, for the user to pick one."""

    code = "several_postings"
    status = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(self, roles: list[str]) -> None:
        self.roles = roles
        super().__init__(
            "That text holds several jobs (several_postings): "
            + "; ".join(roles)
            + ". Paste the one you want."
        )


class NeedsAIProvider(KaziError):
    code = "needs_ai_provider"
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    message = "Reading this needs an AI provider, and none is configured for extraction."


class ExtractionFailed(KaziError):
    code = "extraction_failed"
    status = HTTPStatus.BAD_GATEWAY
    message = "The AI provider's answer could not be read as a job posting. Try again."
