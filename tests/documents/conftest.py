"""An S3-compatible endpoint (moto's server, real HTTP on 127.0.0.1) and a fake clamd for the
document tests. moto is a test dependency (requirements-dev.txt), so these never skip."""

import os
import shutil
import socket
import tempfile
import threading
import uuid
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from config.settings import document_storage_from_url
from tests.documents.samples import EICAR

BUCKET = "casework-documents"
CREDENTIALS = {"aws_access_key_id": "moto-test-key", "aws_secret_access_key": "moto-test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server in a thread of this process, on a free port of 127.0.0.1, with one bucket."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2", **CREDENTIALS).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    yield endpoint
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-2", **CREDENTIALS)


@pytest.fixture
def s3_documents(settings, monkeypatch, s3_endpoint):
    """The documents storage configured exactly as DOCUMENT_STORAGE_URL=s3://... configures it,
    credentials from the environment, under a prefix of this test's own. Returns the prefix."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", CREDENTIALS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CREDENTIALS["aws_secret_access_key"])
    prefix = f"run-{uuid.uuid4().hex[:12]}"
    url = f"s3://{BUCKET}/{prefix}?endpoint_url={s3_endpoint}&region=eu-west-2&addressing_style=path"
    settings.STORAGES = {**settings.STORAGES, "documents": document_storage_from_url(url, Path("/unused"))}
    return prefix


@pytest.fixture
def local_documents(settings, tmp_path):
    """The default local folder storage, in this test's temporary folder. Returns the folder."""
    folder = tmp_path / "private" / "documents"
    settings.STORAGES = {**settings.STORAGES, "documents": document_storage_from_url("", folder)}
    return folder


@pytest.fixture(params=["local", "s3"])
def any_documents_storage(request):
    """Each storage test runs against the local folder and against S3 (moto's server)."""
    return request.param, request.getfixturevalue(f"{request.param}_documents")


class FakeClamd:
    """Answers like clamd's INSTREAM: "stream: OK", or "stream: Eicar-Signature FOUND" when the
    stream holds the EICAR test string. Records how many bytes each scan received."""

    def __init__(self, path: str, *, silent: bool = False):
        self.path = path
        self.silent = silent
        self.received: list[int] = []
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                self._answer(connection)

    def _answer(self, connection):
        command = _read(connection, len(b"zINSTREAM\0"))
        if command != b"zINSTREAM\0":
            connection.sendall(b"UNKNOWN COMMAND\0")
            return
        data = bytearray()
        while True:
            length = int.from_bytes(_read(connection, 4), "big")
            if length == 0:
                break
            data += _read(connection, length)
        self.received.append(len(data))
        if self.silent:
            threading.Event().wait(5)  # never answers within the test's timeout
            return
        connection.sendall(b"stream: Eicar-Signature FOUND\0" if EICAR in data else b"stream: OK\0")

    def close(self):
        self.listener.close()


def _read(connection, size):
    data = b""
    while len(data) < size:
        part = connection.recv(size - len(data))
        if not part:
            break
        data += part
    return data


@pytest.fixture
def socket_folder():
    # Unix socket paths are limited to about 100 characters: pytest's tmp_path can be longer.
    folder = tempfile.mkdtemp(prefix="clamd-", dir="/tmp")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def clamd(settings, socket_folder):
    daemon = FakeClamd(os.path.join(socket_folder, "clamd.sock"))
    settings.CLAMD_SOCKET = daemon.path
    yield daemon
    daemon.close()
