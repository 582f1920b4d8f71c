"""The awe-dp service from Python: submit recipes, follow their logs, fetch their products."""
import codecs
import hashlib
import http.client
import os
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import quote

from .config import find_connection
from .errors import AweError, ConnectionFailed, UntrustedCertificate
from .openapi_types import (
    FINAL_STATES,
    ExplainJobResponse,
    GetJobResponse,
    GetProvenanceResponse,
    ListAttemptsResponse,
    ListOutputsResponse,
    ListRecipesResponse,
    SubmitJobRequest,
)
from .transport import Transport

JobInfo = GetJobResponse
Output = Dict[str, Any]
# An input is another job's product: (job or job id, path), or the wire's {"job": id, "path": path}.
InputRef = Union[Tuple[Union["Job", int], str], Mapping[str, Any]]


def _job_id(job: Union["Job", int]) -> int:
    return job.id if isinstance(job, Job) else int(job)


def _input(ref: InputRef) -> Dict[str, Any]:
    if isinstance(ref, Mapping):
        return dict(ref)
    job, path = ref
    return {"job": _job_id(job), "path": path}


def job_spec(
    recipe: str,
    args: Sequence[str] = (),
    *,
    node: Optional[str] = None,
    inputs: Iterable[InputRef] = (),
    after: Iterable[Union["Job", int]] = (),
    **fields: Any,
) -> SubmitJobRequest:
    """The wire form of a job; ``fields`` are the spec's other members as openapi.yaml names them
    (``env``, ``settings``, ``priority``, ``bundle``, ``timeoutSeconds``, ``maxAttempts``, ``reuse``)."""
    spec: Dict[str, Any] = {"recipe": recipe, "args": list(args), **fields}
    if node is not None:
        spec["node"] = node
    inputs = [_input(ref) for ref in inputs]
    if inputs:
        spec["inputs"] = inputs
    after = [_job_id(job) for job in after]
    if after:
        spec["after"] = after
    return spec  # type: ignore[return-value]


class Job:
    """A submitted job. ``info`` is what the service last said about it."""

    def __init__(self, client: "Client", info: JobInfo) -> None:
        self.client = client
        self.info = info

    @property
    def id(self) -> int:
        return self.info["id"]

    @property
    def state(self) -> str:
        return self.info["state"]

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.info['recipe']} {self.state}>"

    def refresh(self) -> "Job":
        self.info = self.client.transport.json("GET", f"/v1/jobs/{self.id}")
        return self

    @property
    def done(self) -> bool:
        return self.state in FINAL_STATES

    def wait(self, timeout: Optional[float] = None, max_interval: float = 2.0) -> "Job":
        """Until the job is final (succeeded, failed or cancelled); looks more rarely the longer it runs.
        Raises TimeoutError after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        interval = 0.1
        while not self.refresh().done:
            if deadline is not None and time.monotonic() + interval > deadline:
                raise TimeoutError(f"job {self.id} is still {self.state} after {timeout} s")
            time.sleep(interval)
            interval = min(interval * 2, max_interval)
        return self

    def log(self, follow: bool = False, offset: int = 0) -> Iterator[str]:
        """The log as lines (each with its newline; the last one maybe without). With ``follow``, live
        until the job is final: a dropped stream is picked up again from the bytes already read."""
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        pending = ""
        failures = 0
        while True:
            try:
                query = {"offset": offset, "follow": follow}
                with self.client.transport.open("GET", f"/v1/jobs/{self.id}/log", query=query, timeout=self.client.follow_timeout) as response:
                    while True:
                        chunk = response.read1(65536)
                        if not chunk:
                            break
                        offset += len(chunk)
                        failures = 0
                        pending += decoder.decode(chunk)
                        *lines, pending = pending.split("\n")
                        for line in lines:
                            yield line + "\n"
                # The service ends a followed stream once the job is final and all of its log was sent.
                if not follow or self.refresh().done:
                    break
            except UntrustedCertificate:
                raise
            except (ConnectionFailed, OSError, http.client.HTTPException):
                if not follow:
                    raise
                failures += 1
                time.sleep(min(5.0, 0.3 * 2**failures))
        pending += decoder.decode(b"", final=True)
        if pending:
            yield pending

    def outputs(self) -> List[Output]:
        """What the recipe left in its output directory: ``[{path, size, sha256}, ...]``."""
        answer: ListOutputsResponse = self.client.transport.json("GET", f"/v1/jobs/{self.id}/outputs")
        return list(answer["outputs"])

    def download(self, directory: Union[str, "os.PathLike[str]"], paths: Optional[Iterable[str]] = None) -> List[Path]:
        """The outputs (all, or those named) into ``directory``, their relative paths kept. A path that
        would lead out of it is refused whatever the service answers; the SHA-256 of each is checked."""
        root = Path(directory).resolve()
        wanted = None if paths is None else set(paths)
        written = []
        for output in self.outputs():
            if wanted is not None and output["path"] not in wanted:
                continue
            target = (root / output["path"]).resolve()
            if root not in target.parents:
                raise AweError(f"job {self.id}: output path {output['path']!r} leads out of {root}")
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            digest = hashlib.sha256()
            quoted = "/".join(quote(part, safe="") for part in output["path"].split("/"))
            with self.client.transport.open("GET", f"/v1/jobs/{self.id}/outputs/{quoted}") as response, open(partial, "wb") as out:
                for chunk in iter(lambda: response.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != output["sha256"]:
                partial.unlink()
                raise AweError(f"job {self.id}: {output['path']} arrived with SHA-256 {digest.hexdigest()}, listed as {output['sha256']}")
            os.replace(partial, target)
            written.append(target)
        return written

    def cancel(self) -> "Job":
        """Queued: cancelled at once; running: its agent stops it (``wait()`` to see it end)."""
        self.info = self.client.transport.json("POST", f"/v1/jobs/{self.id}/cancel")
        return self

    def attempts(self) -> ListAttemptsResponse:
        """Every attempt, oldest first: node, outcome, reason, log range (and, for the owner, its outputs)."""
        return self.client.transport.json("GET", f"/v1/jobs/{self.id}/attempts")

    def provenance(self, depth: str = "one", ro_crate: bool = False) -> GetProvenanceResponse:
        """What went in and came out (``depth="all"``: every ancestor too); ``ro_crate=True``: the
        Workflow Run RO-Crate's ``ro-crate-metadata.json`` instead."""
        query = {"depth": depth, **({"format": "ro-crate"} if ro_crate else {})}
        return self.client.transport.json("GET", f"/v1/jobs/{self.id}/provenance", query=query)

    def rerun(self, **edits: Any) -> "Job":
        """A new job like this one: ``args``/``params`` replace the list, ``env``/``settings`` merge by key
        (None removes one), ``node``/``priority``/``bundle`` replace."""
        return Job(self.client, self.client.transport.json("POST", f"/v1/jobs/{self.id}/rerun", json_body=edits))


class Client:
    """A client of one awe-dp service.

    ``Client()`` finds server and token as ``awrecipe`` does (AWE_SERVER, AWE_TOKEN,
    AWE_CA, else ``~/.awe/dp.json`` from ``awrecipe login``). ``server`` may name
    several URLs (a list, or comma-separated): requests move to the next one on
    connection errors and 5xx answers. ``ca`` is a PEM file (or PEM text) of a
    private CA; certificates are always verified.
    """

    def __init__(
        self,
        server: Union[str, Sequence[str], None] = None,
        token: Optional[str] = None,
        *,
        ca: Optional[str] = None,
        timeout: float = 90.0,
        retries: int = 4,
    ) -> None:
        if server is None or token is None:
            found = find_connection(server if server is None or isinstance(server, str) else ",".join(server), token, ca)
            server = found.server
            token = token or found.token
            ca = ca or found.ca
        self.transport = Transport(server, token, ca=ca, timeout=timeout, retries=retries)
        # A followed log may be silent for long: the service holds it open, a read times out and is resumed.
        self.follow_timeout = timeout

    @property
    def server(self) -> str:
        return self.transport.server

    def me(self) -> Dict[str, Any]:
        return self.transport.json("GET", "/v1/me")

    def recipes(self) -> ListRecipesResponse:
        return self.transport.json("GET", "/v1/recipes")

    def job(self, job_id: int) -> Job:
        return Job(self, self.transport.json("GET", f"/v1/jobs/{job_id}"))

    def jobs(self, **query: Any) -> List[Job]:
        """Jobs by the filters of GET /v1/jobs (``state``, ``recipe``, ``owner``, ``limit``, ...)."""
        return [Job(self, info) for info in self.transport.json("GET", "/v1/jobs", query=query)["jobs"]]

    def submit(
        self,
        recipe: str,
        args: Sequence[str] = (),
        *,
        node: Optional[str] = None,
        inputs: Iterable[InputRef] = (),
        after: Iterable[Union[Job, int]] = (),
        idempotency_key: Optional[str] = None,
        **fields: Any,
    ) -> Job:
        """Submits a recipe run. ``inputs`` are other jobs' products fetched into its directory
        (``(job, "master_bias.fits")``), ``after`` jobs that must succeed first. Retried under one
        idempotency key (a fresh one by default), so a lost answer never makes a second job."""
        spec = job_spec(recipe, args, node=node, inputs=inputs, after=after, **fields)
        headers = {"idempotency-key": idempotency_key or str(uuid.uuid4())}
        return Job(self, self.transport.json("POST", "/v1/jobs", json_body=spec, headers=headers, idempotent=True))

    def submit_batch(self, specs: Sequence[Mapping[str, Any]], idempotency_key: Optional[str] = None) -> List[Job]:
        """Up to 1,000 jobs (``job_spec(...)`` or wire dicts) in one request, all or none."""
        headers = {"idempotency-key": idempotency_key or str(uuid.uuid4())}
        answer = self.transport.json("POST", "/v1/job-batches", json_body={"jobs": list(specs)}, headers=headers, idempotent=True)
        return [self.job(job_id) for job_id in answer["ids"]]

    def cancel(self, job: Union[Job, int]) -> Job:
        return Job(self, self.transport.json("POST", f"/v1/jobs/{_job_id(job)}/cancel"))

    def explain(self, recipe: str, args: Sequence[str] = (), *, node: Optional[str] = None, **fields: Any) -> ExplainJobResponse:
        """Where a job of this spec would run and why (or why nothing matches), without submitting it."""
        spec = job_spec(recipe, args, node=node, **fields)
        return self.transport.json("POST", "/v1/explain", json_body=spec, idempotent=True)
