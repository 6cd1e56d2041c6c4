#!/usr/bin/env python3
"""GET one path from labd with a client certificate, as a Python program would (the ssl module,
OpenSSL underneath), over exactly one TLS version. Prints one line per connection:
'HTTP <status> <new|reused> <version>' when labd answered, 'REFUSED <error>' when TLS failed.
With --again it then waits for a line on stdin and connects once more, offering the first
connection's session for resumption."""
import argparse
import socket
import ssl
import sys

VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


def get(args, context, session):
    try:
        with socket.create_connection(("127.0.0.1", args.port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1", session=session) as tls:
                tls.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % args.path).encode("ascii"))
                answer = b""
                while True:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    answer += chunk
                status = answer.split(b"\r\n", 1)[0].decode("ascii", "replace")
                if not status.startswith("HTTP/1.1 "):
                    return "REFUSED no HTTP answer: %r" % status, None
                return "HTTP %s %s %s" % (status.split()[1], "reused" if tls.session_reused else "new", tls.version()), tls.session
    except (ssl.SSLError, OSError) as e:
        return "REFUSED %s" % " ".join(str(e).split()), None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tls", choices=VERSIONS, required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--path", default="/api/v1/health")
    parser.add_argument("--again", action="store_true")
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = context.maximum_version = VERSIONS[args.tls]
    context.load_verify_locations(args.ca)
    context.load_cert_chain(args.cert, args.key)

    line, session = get(args, context, None)
    print(line, flush=True)
    if args.again:
        sys.stdin.readline()
        print(get(args, context, session)[0], flush=True)


if __name__ == "__main__":
    main()
