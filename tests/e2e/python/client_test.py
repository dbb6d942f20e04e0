#!/usr/bin/env python3
"""A Python gRPC client against a real palermod, as an outside tool would be.

Generates the Python stubs with Debian's protoc and grpc_python_plugin (the
README's "Python clients" commands), starts palermod on 127.0.0.1 with a free
port and an empty data directory, and checks health, server reflection (v1alpha
and v1), a streamed import in several chunks, a refused import whose status
details decode, and a watch (SubscribeFindings) that sees an import's findings
appear and one retracted.

Needs only python3-grpcio and python3-protobuf besides the standard library.

  client_test.py --palermod PATH --proto-dir DIR [--grpc-proto-dir DIR]
                 [--data-dir DIR] [unittest arguments...]

PALERMOD, PALERMO_PROTO_DIR, GRPC_PROTO_DIR and PALERMO_TEST_DATA may stand
for the flags. Exits non-zero on any failure.
"""

import argparse
import glob
import importlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

# Generous bounds: palermod may run under AddressSanitizer on a loaded machine.
START_TIMEOUT = 120.0  # until palermod prints its address
RPC_TIMEOUT = 60.0  # one unary call or one import
WATCH_TIMEOUT = 120.0  # the whole watch stream
STOP_TIMEOUT = 60.0  # SIGTERM to exit

# Where Debian's grpc-proto package puts grpc/health/v1/health.proto and
# grpc/reflection/{v1,v1alpha}/reflection.proto.
DEBIAN_GRPC_PROTO_DIR = "/usr/share/grpc-proto"
STD_PROTOS = ["grpc/health/v1/health.proto",
              "grpc/reflection/v1alpha/reflection.proto",
              "grpc/reflection/v1/reflection.proto"]
# The standard protos are compiled as grpc_std/... : a module path under
# grpc/ would be shadowed by the grpcio package itself. Only the Python module
# path changes; the proto packages, so the service names on the wire, do not.
STD_ROOT = "grpc_std"

ARGS = None  # set in main()


def die(message):
    print("client_test: " + message, file=sys.stderr)
    sys.exit(2)


def run(argv):
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s" % (" ".join(argv), done.returncode, done.stdout))


def generate_stubs(out_dir):
    """protoc + grpc_python_plugin, as the README says; returns the import root."""
    protoc = ARGS.protoc or shutil.which("protoc")
    plugin = ARGS.grpc_python_plugin or shutil.which("grpc_python_plugin")
    if not protoc or not plugin:
        raise RuntimeError("protoc and grpc_python_plugin are needed (Debian: protobuf-compiler, "
                           "protobuf-compiler-grpc); found protoc=%r grpc_python_plugin=%r" % (protoc, plugin))
    gen = os.path.join(out_dir, "gen")
    std_src = os.path.join(out_dir, "std")
    os.makedirs(gen)
    for proto in STD_PROTOS:
        source = os.path.join(ARGS.grpc_proto_dir, proto)
        if not os.path.isfile(source):
            raise RuntimeError("%s is missing (Debian package grpc-proto)" % source)
        target = os.path.join(std_src, STD_ROOT, proto[len("grpc/"):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
    ours = sorted(os.path.relpath(p, ARGS.proto_dir)
                  for p in glob.glob(os.path.join(ARGS.proto_dir, "**", "*.proto"), recursive=True))
    if "palermo/v1/graph.proto" not in ours:
        raise RuntimeError("no palermo/v1/graph.proto under " + ARGS.proto_dir)
    plugin_flag = "--plugin=protoc-gen-grpc_python=" + plugin
    run([protoc, plugin_flag, "--python_out=" + gen, "--grpc_python_out=" + gen, "-I", ARGS.proto_dir] + ours)
    std = [os.path.join(STD_ROOT, p[len("grpc/"):]) for p in STD_PROTOS]
    run([protoc, plugin_flag, "--python_out=" + gen, "--grpc_python_out=" + gen, "-I", std_src] + std)
    return gen


class Palermod:
    """A real palermod on 127.0.0.1, port 0, with its own data directory."""

    def __init__(self, binary, data_dir, agency):
        self.log = []
        self.lines = queue.Queue()
        self.process = subprocess.Popen(
            [binary, "--data", data_dir, "--listen", "127.0.0.1:0", "--agency", agency],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.address = None
        deadline = time.monotonic() + START_TIMEOUT
        while self.address is None:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise RuntimeError("palermod did not print its address in %.0f s:\n%s" % (START_TIMEOUT, self.output()))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError("palermod exited (%s) before serving:\n%s" % (self.process.wait(), self.output()))
            if line.startswith("palermod listening on "):
                self.address = line[len("palermod listening on "):].split()[0]

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def output(self):
        return "".join(self.log)

    def stop(self):
        """SIGTERM; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError("palermod did not stop within %.0f s of SIGTERM" % STOP_TIMEOUT)
        self.reader.join(timeout=10)
        return status

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def case_records(path):
    """Records in a case file: its lines that are neither blank nor comments."""
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip() and not line.lstrip().startswith("#"))


def chunks_of(data, pieces):
    size = max(1, -(-len(data) // pieces))
    return [data[i:i + size] for i in range(0, len(data), size)]


class ClientTest(unittest.TestCase):
    """One palermod for the class; the tests run in name order."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="palermo-python-client-")
        gen = generate_stubs(cls.scratch)
        sys.path.insert(0, gen)
        cls.graph_pb2 = importlib.import_module("palermo.v1.graph_pb2")
        cls.graph_grpc = importlib.import_module("palermo.v1.graph_pb2_grpc")
        cls.reasoner_pb2 = importlib.import_module("palermo.v1.reasoner_pb2")
        cls.reasoner_grpc = importlib.import_module("palermo.v1.reasoner_pb2_grpc")
        cls.health_pb2 = importlib.import_module(STD_ROOT + ".health.v1.health_pb2")
        cls.health_grpc = importlib.import_module(STD_ROOT + ".health.v1.health_pb2_grpc")
        cls.reflection = {
            version: (importlib.import_module("%s.reflection.%s.reflection_pb2" % (STD_ROOT, version)),
                      importlib.import_module("%s.reflection.%s.reflection_pb2_grpc" % (STD_ROOT, version)))
            for version in ("v1alpha", "v1")}
        # google.rpc.Status when the protos declare it, else the wire-identical palermo.v1.RpcStatus.
        try:
            cls.status_class = importlib.import_module("google.rpc.status_pb2").Status
        except ImportError:
            cls.status_class = cls.graph_pb2.RpcStatus
        with open(os.path.join(ARGS.data_dir, "expected.json"), encoding="utf-8") as f:
            cls.expected = json.load(f)

        cls.server = Palermod(ARGS.palermod, os.path.join(cls.scratch, "data"), "default")
        cls.channel = grpc.insecure_channel(cls.server.address)
        grpc.channel_ready_future(cls.channel).result(timeout=START_TIMEOUT)
        cls.graph = cls.graph_grpc.GraphServiceStub(cls.channel)
        cls.reasoner = cls.reasoner_grpc.ReasonerServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        try:
            if getattr(cls, "channel", None) is not None:
                cls.channel.close()
            if getattr(cls, "server", None) is not None:
                status = cls.server.stop()
                log = cls.server.output()
                if status != 0 or "palermod: stopped" not in log:
                    raise AssertionError("palermod did not stop cleanly on SIGTERM (status %s):\n%s" % (status, log))
        finally:
            shutil.rmtree(cls.scratch, ignore_errors=True)

    # -- helpers ---------------------------------------------------------

    def import_file(self, path, agency, pieces=5, file_name=None):
        """Imports a case file streamed in `pieces` chunks that split lines anywhere."""
        with open(path, "rb") as f:
            data = f.read()
        parts = chunks_of(data, pieces)
        self.assertGreaterEqual(len(parts), min(pieces, len(data)))

        def requests():
            first = True
            for part in parts:
                if first:
                    first = False
                    yield self.graph_pb2.ImportRequest(agency=agency, file_name=file_name or os.path.basename(path),
                                                       chunk=part)
                else:
                    yield self.graph_pb2.ImportRequest(chunk=part)

        return self.graph.Import(requests(), timeout=RPC_TIMEOUT)

    def reflect(self, version, requests):
        """One ServerReflectionInfo stream: the answers to `requests`, in order."""
        pb2, pb2_grpc = self.reflection[version]
        stub = pb2_grpc.ServerReflectionStub(self.channel)
        return list(stub.ServerReflectionInfo(iter(requests), timeout=RPC_TIMEOUT))

    # -- tests -----------------------------------------------------------

    def test_1_health(self):
        stub = self.health_grpc.HealthStub(self.channel)
        serving = self.health_pb2.HealthCheckResponse.SERVING
        for service in ("", "palermo.v1.GraphService", "palermo.v1.ReasonerService"):
            response = stub.Check(self.health_pb2.HealthCheckRequest(service=service), timeout=RPC_TIMEOUT)
            self.assertEqual(response.status, serving, "health of %r" % service)
        with self.assertRaises(grpc.RpcError) as raised:
            stub.Check(self.health_pb2.HealthCheckRequest(service="palermo.v1.NoSuchService"), timeout=RPC_TIMEOUT)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_2_reflection_lists_services_in_both_versions(self):
        wanted = {"palermo.v1.GraphService", "palermo.v1.ReasonerService", "grpc.health.v1.Health",
                  "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"}
        listed = {}
        for version in ("v1alpha", "v1"):
            pb2, _ = self.reflection[version]
            answers = self.reflect(version, [pb2.ServerReflectionRequest(host="palermo", list_services="*")])
            self.assertEqual(len(answers), 1)
            answer = answers[0]
            self.assertEqual(answer.WhichOneof("message_response"), "list_services_response", str(answer))
            self.assertEqual(answer.valid_host, "palermo")
            self.assertEqual(answer.original_request.list_services, "*")
            listed[version] = {s.name for s in answer.list_services_response.service}
            self.assertTrue(wanted <= listed[version], "%s lists %s" % (version, sorted(listed[version])))
        self.assertEqual(listed["v1"], listed["v1alpha"])

    def test_3_reflection_v1_gives_complete_descriptors(self):
        pb2, _ = self.reflection["v1"]
        answers = self.reflect("v1", [
            pb2.ServerReflectionRequest(file_containing_symbol="palermo.v1.ReasonerService"),
            pb2.ServerReflectionRequest(file_containing_symbol="palermo.v1.ImportRequest"),
            pb2.ServerReflectionRequest(file_by_filename="palermo/v1/graph.proto"),
            pb2.ServerReflectionRequest(file_containing_symbol="palermo.v1.GraphService.Import"),
        ])
        self.assertEqual(len(answers), 4)
        first_files = []
        for answer in answers:
            self.assertEqual(answer.WhichOneof("message_response"), "file_descriptor_response", str(answer))
            files = [descriptor_pb2.FileDescriptorProto.FromString(raw)
                     for raw in answer.file_descriptor_response.file_descriptor_proto]
            names = [f.name for f in files]
            self.assertEqual(len(names), len(set(names)), "a file sent twice: %s" % names)
            first_files.append(names[0])
            # The answer holds every file its first one imports, transitively:
            # enough to build a pool, as grpcurl and Postman do.
            pool = descriptor_pool.DescriptorPool()
            pending = {f.name: f for f in files}
            while pending:
                ready = [f for f in pending.values() if all(d not in pending for d in f.dependency)]
                self.assertTrue(ready, "unresolvable imports among %s" % sorted(pending))
                for f in ready:
                    pool.Add(f)
                    del pending[f.name]
            pool.FindFileByName(names[0])
        self.assertEqual(first_files, ["palermo/v1/reasoner.proto", "palermo/v1/graph.proto",
                                       "palermo/v1/graph.proto", "palermo/v1/graph.proto"])
        # The service as a client sees it through reflection: Import streams requests.
        files = {f.name: f for f in (descriptor_pb2.FileDescriptorProto.FromString(raw)
                                     for raw in answers[2].file_descriptor_response.file_descriptor_proto)}
        graph = files["palermo/v1/graph.proto"]
        self.assertIn("palermo/v1/model.proto", files)
        service = next(s for s in graph.service if s.name == "GraphService")
        method = next(m for m in service.method if m.name == "Import")
        self.assertTrue(method.client_streaming)
        self.assertFalse(method.server_streaming)
        self.assertEqual(method.input_type, ".palermo.v1.ImportRequest")

    def test_4_reflection_v1_errors_as_the_standard_says(self):
        pb2, _ = self.reflection["v1"]
        not_found = grpc.StatusCode.NOT_FOUND.value[0]
        answers = self.reflect("v1", [
            pb2.ServerReflectionRequest(file_containing_symbol="palermo.v1.NoSuchThing"),
            pb2.ServerReflectionRequest(file_by_filename="palermo/v1/no_such.proto"),
            pb2.ServerReflectionRequest(all_extension_numbers_of_type="palermo.v1.NoSuchMessage"),
            pb2.ServerReflectionRequest(file_containing_extension=pb2.ExtensionRequest(
                containing_type="palermo.v1.ImportRequest", extension_number=1000)),
            pb2.ServerReflectionRequest(all_extension_numbers_of_type="palermo.v1.ImportRequest"),
            # The stream goes on after errors: a good request still gets its answer.
            pb2.ServerReflectionRequest(file_by_filename="palermo/v1/reasoner.proto"),
        ])
        self.assertEqual(len(answers), 6)
        for answer, asked in zip(answers[:4], ("palermo.v1.NoSuchThing", "palermo/v1/no_such.proto",
                                               "palermo.v1.NoSuchMessage", "palermo.v1.ImportRequest")):
            self.assertEqual(answer.WhichOneof("message_response"), "error_response", str(answer))
            self.assertEqual(answer.error_response.error_code, not_found, str(answer))
            self.assertIn(asked, answer.error_response.error_message)
        self.assertEqual(answers[3].original_request.file_containing_extension.extension_number, 1000)
        numbers = answers[4]
        self.assertEqual(numbers.WhichOneof("message_response"), "all_extension_numbers_response", str(numbers))
        self.assertEqual(numbers.all_extension_numbers_response.base_type_name, "palermo.v1.ImportRequest")
        self.assertEqual(list(numbers.all_extension_numbers_response.extension_number), [])
        last = answers[5]
        self.assertEqual(last.WhichOneof("message_response"), "file_descriptor_response", str(last))
        self.assertEqual(descriptor_pb2.FileDescriptorProto.FromString(
            last.file_descriptor_response.file_descriptor_proto[0]).name, "palermo/v1/reasoner.proto")

    def test_5_watch_sees_an_import_in_another_thread(self):
        scenario = "smuggling_then_debt_bondage"
        agency = self.expected[scenario]["agency"]
        must = {tuple(pair) for pair in self.expected[scenario]["must"]}
        self.assertTrue(must)
        events = self.reasoner.SubscribeFindings(self.reasoner_pb2.SubscribeFindingsRequest(), timeout=WATCH_TIMEOUT)
        Change = self.reasoner_pb2.FindingEvent
        try:
            first = next(events)
            self.assertEqual(first.change, Change.CHANGE_SUBSCRIBED)

            imported = {}

            def do_import():
                try:
                    imported["response"] = self.import_file(
                        os.path.join(ARGS.data_dir, scenario + ".jsonl"), agency, pieces=7)
                except Exception as error:  # reported by the main thread
                    imported["error"] = error

            importer = threading.Thread(target=do_import)
            importer.start()
            appeared = set()
            for event in events:
                self.assertEqual(event.change, Change.CHANGE_NEW, str(event))
                appeared.add((event.finding.type, event.finding.subject))
                self.assertEqual(event.finding.id, "%s:%s" % (event.finding.type, event.finding.subject))
                if must <= appeared:
                    break
            importer.join(timeout=RPC_TIMEOUT)
            self.assertFalse(importer.is_alive(), "the import did not end")
            self.assertNotIn("error", imported)
            self.assertEqual(imported["response"].records,
                             case_records(os.path.join(ARGS.data_dir, scenario + ".jsonl")))
            self.assertTrue(must <= appeared, "missing %s" % sorted(must - appeared))

            # New facts defeat a finding: the victim is identified.
            identified = os.path.join(self.scratch, "identified.jsonl")
            with open(identified, "w", encoding="utf-8") as f:
                f.write('{"kind":"event","id":"vi","type":"victim_identified","date":"2024-11-21","subject":"v1"}\n')
            self.import_file(identified, agency, pieces=3)
            event = next(events)
            self.assertEqual(event.change, Change.CHANGE_RETRACTED, str(event))
            self.assertEqual(event.finding.id, "victim_identification_needed:%s/v1" % agency)
        finally:
            events.cancel()

    def test_6_streamed_import_of_every_scenario(self):
        paths = sorted(glob.glob(os.path.join(ARGS.data_dir, "*.jsonl")))
        self.assertGreaterEqual(len(paths), 5)
        for path in paths:
            scenario = os.path.basename(path)[:-len(".jsonl")]
            with self.subTest(scenario=scenario):
                response = self.import_file(path, self.expected[scenario]["agency"], pieces=4)
                self.assertEqual(response.records, case_records(path))
                self.assertEqual(response.created + response.replaced, response.records)
                self.assertFalse(response.dry_run)
        # A record reads back as last imported: cross_agency_same_as's p1, replaced by smuggling_only's.
        record = self.graph.Get(self.graph_pb2.GetRequest(key="border-police/p1"), timeout=RPC_TIMEOUT).record
        self.assertEqual((record.agency, record.id), ("border-police", "p1"))
        self.assertEqual(list(record.person.names), ["Samir Haddad"])
        with self.assertRaises(grpc.RpcError) as raised:
            self.graph.Get(self.graph_pb2.GetRequest(key="border-police/nobody"), timeout=RPC_TIMEOUT)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_7_refused_import_details_decode(self):
        bad = os.path.join(self.scratch, "bad.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('{"kind":"person","id":"p1","names":["Fine"]}\n'
                    '{"kind":"person","id":"n1","names":["N"],"birth_date":"1999-02-30"}\n'
                    '{"kind":"event","id":"e9","type":"arrest","date":"2024","subject":"ghost"}\n'
                    '{"kind":"location","id":"l9","name":"X","country":"UK"}\n'
                    '{oops\n')
        with self.assertRaises(grpc.RpcError) as raised:
            self.import_file(bad, "py-refused", pieces=6)
        error = raised.exception
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("nothing was imported", error.details())
        trailers = dict(error.trailing_metadata() or ())
        self.assertIn("grpc-status-details-bin", trailers)
        status = self.status_class.FromString(trailers["grpc-status-details-bin"])
        self.assertEqual(status.code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
        self.assertEqual(status.message, error.details())
        url = "type.googleapis.com/palermo.v1.ImportErrors"
        packed = [d for d in status.details if d.type_url == url]
        self.assertEqual(len(packed), 1, "details: %s" % [d.type_url for d in status.details])
        errors = self.graph_pb2.ImportErrors.FromString(packed[0].value)
        self.assertEqual(errors.total, 4)
        self.assertEqual([e.line for e in errors.errors], [2, 3, 4, 5])
        self.assertEqual(errors.errors[0].field, "birth_date")
        # All or nothing: the valid first line was not written either.
        with self.assertRaises(grpc.RpcError) as missing:
            self.graph.Get(self.graph_pb2.GetRequest(key="py-refused/p1"), timeout=RPC_TIMEOUT)
        self.assertEqual(missing.exception.code(), grpc.StatusCode.NOT_FOUND)


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--palermod", default=os.environ.get("PALERMOD"))
    parser.add_argument("--proto-dir", default=os.environ.get("PALERMO_PROTO_DIR", os.path.join(ROOT, "proto")))
    parser.add_argument("--grpc-proto-dir", default=os.environ.get("GRPC_PROTO_DIR", DEBIAN_GRPC_PROTO_DIR))
    parser.add_argument("--data-dir", default=os.environ.get("PALERMO_TEST_DATA",
                                                             os.path.join(ROOT, "tests", "data", "scenarios")))
    parser.add_argument("--protoc", default=None)
    parser.add_argument("--grpc-python-plugin", default=None)
    ARGS, rest = parser.parse_known_args()
    if not ARGS.palermod or not os.access(ARGS.palermod, os.X_OK):
        die("give palermod with --palermod PATH or PALERMOD (got %r)" % ARGS.palermod)
    result = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2).result
    ran = result.testsRun
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (ran - failed, failed))
    sys.exit(0 if ran > 0 and result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
