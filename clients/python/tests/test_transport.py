"""The client's transport against small local HTTP servers (no awe-dp service needed):
failover between URLs, retries under one idempotency key, coded errors."""
import json
import os
import tempfile
import threading
import unittest
from unittest import mock
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from awe_dp import Client, ConnectionFailed, Forbidden, ServerError
from awe_dp.transport import server_list


class Recorder(ThreadingHTTPServer):
    """Answers each request with the next of ``answers`` (status, body) and remembers what it got."""

    def __init__(self, answers):
        super().__init__(("127.0.0.1", 0), Handler)
        self.answers = list(answers)
        self.requests = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("content-length") or 0)
        self.server.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
        status, body = self.server.answers.pop(0) if self.server.answers else (500, {})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer


def closed_port_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    server.server_close()
    return url


JOB = {"id": 7, "recipe": "Bias", "state": "queued"}


class TransportTest(unittest.TestCase):
    def serve(self, answers):
        server = Recorder(answers)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return server

    def test_server_list_from_a_comma_separated_setting(self):
        self.assertEqual(server_list("http://a:1/, https://b:2"), ["http://a:1", "https://b:2"])
        with self.assertRaises(ValueError):
            server_list("ftp://a")

    def test_a_list_of_urls_without_a_token_needs_no_saved_login(self):
        server = self.serve([(200, JOB)])
        with tempfile.TemporaryDirectory() as home, mock.patch.dict(os.environ, {"HOME": home}, clear=True):
            client = Client([closed_port_url(), server.url], retries=0)
        self.assertEqual(client.job(7).id, 7)
        self.assertNotIn("Authorization", server.requests[0][2], "no token, no header")

    def test_a_submit_retried_after_a_5xx_keeps_its_idempotency_key(self):
        server = self.serve([(503, {"statusCode": 503, "code": "AWE_ERR_INTERNAL", "message": "restarting"}), (201, JOB)])
        job = Client(server.url, "t", retries=2).submit("Bias", ["--seed", "3"])
        self.assertEqual(job.id, 7)
        keys = [headers.get("Idempotency-Key") for _, _, headers, _ in server.requests]
        self.assertEqual(len(keys), 2)
        self.assertTrue(keys[0])
        self.assertEqual(keys[0], keys[1], "both tries carry the same key")
        self.assertEqual(json.loads(server.requests[0][3]), {"recipe": "Bias", "args": ["--seed", "3"]})

    def test_moves_to_the_next_url_when_one_refuses_connections(self):
        server = self.serve([(200, JOB)])
        client = Client([closed_port_url(), server.url], "t", retries=0)
        self.assertEqual(client.job(7).state, "queued")
        self.assertEqual(client.server, server.url, "the URL that answered is tried first next time")

    def test_moves_to_the_next_url_on_a_5xx_of_a_read(self):
        failing = self.serve([(502, {"message": "bad gateway"})])
        good = self.serve([(200, JOB)])
        self.assertEqual(Client(f"{failing.url},{good.url}", "t", retries=0).job(7).id, 7)

    def test_a_cancel_is_not_repeated_after_a_5xx(self):
        server = self.serve([(500, {"statusCode": 500, "code": "AWE_ERR_INTERNAL", "message": "boom"}), (200, JOB)])
        with self.assertRaises(ServerError) as caught:
            Client(server.url, "t", retries=3).cancel(7)
        self.assertEqual(caught.exception.code, "AWE_ERR_INTERNAL")
        self.assertEqual(len(server.requests), 1)

    def test_error_answers_raise_their_class_with_the_service_code(self):
        server = self.serve([(403, {"statusCode": 403, "code": "AWE_ERR_FORBIDDEN", "message": "not yours"})])
        with self.assertRaises(Forbidden) as caught:
            Client(server.url, "t").job(7)
        self.assertEqual((caught.exception.status, caught.exception.code, caught.exception.message), (403, "AWE_ERR_FORBIDDEN", "not yours"))

    def test_no_url_answering_is_a_connection_failure(self):
        with self.assertRaises(ConnectionFailed):
            Client(closed_port_url(), "t", retries=1).job(7)


if __name__ == "__main__":
    unittest.main()
