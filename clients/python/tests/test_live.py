"""Against a live awe-dp service with an agent that runs the catalog's recipes.

The repository's test/clients/python-client.test.ts starts one (https, a private CA)
and runs these with AWE_TEST_SERVER, AWE_TEST_CA, AWE_TEST_TOKEN (a user) and
AWE_TEST_OTHER_TOKEN (another user); without them they skip.
"""
import os
import tempfile
import unittest
from pathlib import Path

from awe_dp import FINAL_STATES, Client, Forbidden, NotFound, UntrustedCertificate, job_spec

SERVER = os.environ.get("AWE_TEST_SERVER")


@unittest.skipUnless(SERVER, "AWE_TEST_SERVER is not set: no live service to test against")
class LiveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ca = os.environ.get("AWE_TEST_CA")
        cls.client = Client(SERVER, os.environ["AWE_TEST_TOKEN"], ca=cls.ca)
        cls.other = Client(SERVER, os.environ["AWE_TEST_OTHER_TOKEN"], ca=cls.ca)
        # One Bias run for the tests that read its log and products.
        cls.bias = cls.client.submit("Bias", ["--count", "3", "--seed", "11"])

    def test_bias_with_a_parameter_logs_runs_and_leaves_its_master_bias(self):
        lines = list(self.bias.log(follow=True))
        text = "".join(lines)
        self.assertIn("generating 3 synthetic biases", text, "the --count parameter reached the recipe")
        self.assertTrue(all(line.endswith("\n") for line in lines[:-1]))
        job = self.bias.wait(timeout=60)
        self.assertEqual(job.state, "succeeded", text)
        self.assertIn(job.state, FINAL_STATES)
        self.assertIn("master_bias.fits", [output["path"] for output in job.outputs()])
        with tempfile.TemporaryDirectory() as directory:
            [written] = job.download(directory, ["master_bias.fits"])
            self.assertEqual(written, Path(directory).resolve() / "master_bias.fits")
            self.assertTrue(written.read_bytes().startswith(b"SIMPLE  ="), "a FITS file")

    def test_a_product_passed_on_and_a_dependent_job(self):
        dome = self.client.submit("DomeFlat", ["--bias", "master_bias.fits"], inputs=[(self.bias, "master_bias.fits")], after=[self.bias])
        self.assertEqual(dome.wait(timeout=60).state, "succeeded", "".join(dome.log()))
        self.assertIn("dome_flat.fits", [output["path"] for output in dome.outputs()])

    def test_attempts_provenance_and_a_rerun_with_new_args(self):
        job = self.bias.wait(timeout=60)
        [attempt] = job.attempts()["attempts"]
        self.assertEqual((attempt["epoch"], attempt["outcome"]), (1, "succeeded"))
        record = job.provenance()
        self.assertEqual(record["outputs"], job.outputs())
        crate = job.provenance(ro_crate=True)
        self.assertIn("@graph", crate)
        again = job.rerun(args=["--count", "1"])
        self.assertEqual((again.info["rerunOf"], again.info["rerunChanges"]), (job.id, ["args"]))
        self.assertEqual(again.wait(timeout=60).state, "succeeded")

    def test_another_users_log_is_a_coded_403(self):
        with self.assertRaises(Forbidden) as caught:
            list(self.other.job(self.bias.id).log())
        self.assertEqual((caught.exception.status, caught.exception.code), (403, "AWE_ERR_FORBIDDEN"))

    def test_explain_a_pinned_job_then_batch_and_cancel(self):
        explained = self.client.explain("Bias", node="no-such-node")
        self.assertEqual((explained["recipe"], explained["requestedNode"]), ("Bias", "no-such-node"))
        # No agent is called no-such-node: the job stays queued, and the batch after it waits.
        parked = self.client.submit("Bias", node="no-such-node")
        self.assertEqual(parked.state, "queued")
        batch = self.client.submit_batch([job_spec("Bias", ["--count", "1"], after=[parked])] * 2)
        self.assertEqual([job.state for job in batch], ["waiting", "waiting"])
        for job in batch + [parked]:
            self.assertEqual(self.client.cancel(job).state, "cancelled")
        self.assertEqual(parked.wait(timeout=10).state, "cancelled")

    @unittest.skipUnless(SERVER and SERVER.startswith("https:") and os.environ.get("AWE_TEST_CA"), "the service is not on https with a private CA")
    def test_the_private_ca_is_needed(self):
        with self.assertRaises(UntrustedCertificate):
            Client(SERVER, os.environ["AWE_TEST_TOKEN"], retries=0).me()
        with open(self.ca) as pem:
            self.assertEqual(Client(SERVER, os.environ["AWE_TEST_TOKEN"], ca=pem.read()).me()["username"], "astronomer", "ca= takes PEM text too")

    def test_a_missing_job_is_a_coded_404(self):
        with self.assertRaises(NotFound) as caught:
            self.client.job(999999)
        self.assertEqual(caught.exception.code, "AWE_ERR_NOT_FOUND")


if __name__ == "__main__":
    unittest.main()
