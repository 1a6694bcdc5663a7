"""A WSGI app for tests/test_slow_clients.py: reads the request's body and says how much it got,
or 408 when the server's worker cut a slow body short (opsreport/serving.py)."""


def app(environ, start_response):
    try:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        status, text = "200 OK", f"read {len(body)} bytes"
    except ConnectionResetError:
        status, text = "408 Request Timeout", "too slow"
    data = text.encode()
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])
    return [data]
