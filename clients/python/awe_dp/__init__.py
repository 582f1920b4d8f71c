"""awe-dp from Python: submit Astro-WISE recipes to the queue, follow their logs, fetch their products.

    from awe_dp import Client
    client = Client()                                  # AWE_SERVER/AWE_TOKEN, or ~/.awe/dp.json
    bias = client.submit("Bias", ["--seed", "3"])
    for line in bias.log(follow=True):
        print(line, end="")
    bias.wait().download("products")
"""
from .client import Client, InputRef, Job, JobInfo, Output, job_spec
from .errors import (
    ApiError,
    AweError,
    BadRequest,
    Conflict,
    ConnectionFailed,
    Forbidden,
    NotFound,
    ServerError,
    Unauthorized,
    UntrustedCertificate,
)
from .openapi_types import ERROR_CODES, FINAL_STATES

__all__ = [
    "ApiError",
    "AweError",
    "BadRequest",
    "Client",
    "Conflict",
    "ConnectionFailed",
    "ERROR_CODES",
    "FINAL_STATES",
    "Forbidden",
    "InputRef",
    "Job",
    "JobInfo",
    "NotFound",
    "Output",
    "ServerError",
    "Unauthorized",
    "UntrustedCertificate",
    "job_spec",
]
