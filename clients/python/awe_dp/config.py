"""Where the service is and who the user is, found as ``awrecipe`` finds them:
the arguments, else AWE_SERVER / AWE_TOKEN / AWE_CA, else ``~/.awe/dp.json``
written by ``awrecipe login``. The saved token is only used for the server it
was issued by, so pointing AWE_SERVER elsewhere never sends it to another host."""
import json
import os
from pathlib import Path
from typing import Mapping, NamedTuple, Optional


class Connection(NamedTuple):
    server: str
    token: Optional[str]
    ca: Optional[str]


def saved_login_path() -> Path:
    return Path.home() / ".awe" / "dp.json"


def _saved_login() -> Optional[dict]:
    path = saved_login_path()
    try:
        saved = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:
        saved = None
    if not isinstance(saved, dict) or not isinstance(saved.get("server"), str) or not isinstance(saved.get("token"), str):
        raise ValueError(f'{path} is not a saved login; run "awrecipe login" again')
    return saved


def _same(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def find_connection(
    server: Optional[str] = None,
    token: Optional[str] = None,
    ca: Optional[str] = None,
    env: Optional[Mapping[str, str]] = None,
) -> Connection:
    env = os.environ if env is None else env
    server = server or env.get("AWE_SERVER") or None
    token = token or env.get("AWE_TOKEN") or None
    # With server and token both given, the saved login has nothing to add and is not read.
    saved = None if server and token else _saved_login()
    if server is None:
        if saved is None:
            raise ValueError('no service configured: pass server=, set AWE_SERVER, or run "awrecipe login -server URL"')
        server = saved["server"]
    if token is None and saved is not None and _same(saved["server"], server):
        token = saved["token"]
    return Connection(server, token, ca or env.get("AWE_CA") or None)
