"""One small error tree for every vendor. Messages never carry keys or raw bodies."""


class ProviderError(Exception):
    """Base of every provider failure; `code` is stable and safe to show a client."""

    code = "provider_error"
    retryable = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AuthRejected(ProviderError):
    code = "auth_rejected"


class RateLimited(ProviderError):
    code = "rate_limited"
    retryable = True

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ProviderTimeout(ProviderError):
    code = "timeout"
    retryable = True


class ProviderUnavailable(ProviderError):
    """5xx answers, refused connections and bodies that could not be understood."""

    code = "unavailable"
    retryable = True


class BadRequest(ProviderError):
    """The request is the caller's fault (HTTP 400, 404, 413, 422 from the vendor, or a
    parameter the vendor has no equivalent for): answered as is, never retried."""

    code = "bad_request"

    def __init__(self, message: str, status: int = 400, param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.param = param


class InvalidModelOutput(ProviderError):
    """The model answered, but not in the format asked for (e.g. JSON that does not parse).
    The provider is healthy: no cooldown."""

    code = "invalid_model_output"


class ContentRefused(ProviderError):
    """The vendor refused to answer for safety or policy reasons."""

    code = "content_refused"
