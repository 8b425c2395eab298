"""The request's and the answer's facts, each read in one pass over the headers."""

from __future__ import annotations

from connectors import UpstreamResponse
from gateway.facts import Answer, Inbound
from gateway.symptoms import UNPARSED


def _scope(headers: list[tuple[bytes, bytes]]) -> dict[str, object]:
    return {"method": "GET", "path": "/x", "query_string": b"a=1", "headers": headers}


def test_inbound_keeps_credentials_apart_and_forwards_the_rest() -> None:
    request = Inbound(
        _scope(
            [
                (b"authorization", b"Basic abc"),
                (b"lgspaccesstoken", b"tok"),
                (b"x-road-client", b"VN/GOV/1/A"),
                (b"x-road-id", b"corr-9"),
                (b"x-road-userid", b"EE12345"),
                (b"host", b"lgsp"),
                (b"content-length", b"0"),
                (b"x-road-request-id", b"from-the-caller"),
                (b"accept", b"application/json"),
            ]
        )
    )
    assert (request.authorization, request.lgsp_token, request.xroad_client) == (
        b"Basic abc",
        b"tok",
        b"VN/GOV/1/A",
    )
    assert (request.method, request.path, request.query) == ("GET", "/x", b"a=1")
    assert request.message_id == b"corr-9" and request.user_id == b"EE12345"
    assert request.request_id != b"from-the-caller" and len(request.request_id) == 36
    assert request.forward == [
        (b"x-road-userid", b"EE12345"),
        (b"accept", b"application/json"),
        (b"x-road-id", b"corr-9"),
        (b"x-road-request-id", request.request_id),
    ]
    assert request.correlation() == request.forward[-2:]


def test_inbound_mints_distinct_message_ids_when_the_caller_sends_none() -> None:
    first, second = Inbound(_scope([])), Inbound(_scope([]))
    assert len(first.message_id) == 36 and first.message_id.count(b"-") == 4
    assert len({first.message_id, first.request_id, second.message_id, second.request_id}) == 4


def test_answer_facts_and_the_headers_to_relay_come_from_one_pass() -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"x-sim-answered-by", b"registry:gplx"),
        (b"x-sim-fault", b"43:reset"),
        (b"x-road-error", b"Server.ServerProxy.ServiceFailed.Timeout"),
        (b"retry-after", b"5"),
        (b"via", b"1.1 ndxp-sim-ndxp"),
        (b"x-road-id", b"corr-1"),
        (b"x-road-request-id", b"r-1"),
        (b"x-road-service", b"VN/GOV/x/GPLX/traCuuGPLX"),
        (b"x-road-client", b"VN/GOV/1/A"),
        (b"x-custom", b"kept"),
    ]
    answer = Answer(UpstreamResponse(503, headers, b"{}"), ["SoGPLX", "HoTen"])
    assert answer.relay == [
        *headers[:5],
        (b"x-custom", b"kept"),
        (b"x-sim-contract-missing", b"SoGPLX,HoTen"),
    ]
    assert answer.content_type == b"application/json"
    assert answer.answered_by == b"registry:gplx"
    assert answer.fault == b"43:reset"
    assert answer.xroad_error == b"Server.ServerProxy.ServiceFailed.Timeout"
    assert answer.retry_after == b"5"
    assert answer.via == b"1.1 ndxp-sim-ndxp"
    assert answer.document is UNPARSED


def test_an_answer_without_notable_headers_has_no_facts() -> None:
    answer = Answer(UpstreamResponse(200, [(b"etag", b"1")], b"{}"), [])
    assert answer.relay == [(b"etag", b"1")]
    assert (answer.content_type, answer.answered_by, answer.fault, answer.via) == (None,) * 4


def test_seeded_ids_are_the_same_run_after_run_and_differ_per_gateway() -> None:
    from gateway.facts import IdMint

    first, again = IdMint.seeded(7, "lgsp"), IdMint.seeded(7, "lgsp")
    ids = [first.message() for _ in range(3)]
    assert ids == [again.message() for _ in range(3)]
    assert len(set(ids)) == 3 and all(len(i) == 36 and i.count(b"-") == 4 for i in ids)
    assert IdMint.seeded(7, "ndxp").message() not in ids
    assert IdMint.seeded(8, "lgsp").message() not in ids
    # Request ids run on their own counter: a caller sending its own X-Road-Id changes nothing.
    mint = IdMint.seeded(7, "lgsp")
    Inbound(_scope([(b"x-road-id", b"own")]), mint)
    assert Inbound(_scope([]), mint).message_id == ids[0]
    assert first.request() not in ids


def test_both_ids_at_once_are_the_next_message_and_request_ids() -> None:
    from gateway.facts import IdMint

    one, other = IdMint.seeded(7, "lgsp"), IdMint.seeded(7, "lgsp")
    other.message()  # the counters advance as the separate calls advance them
    assert one.both() == (IdMint.seeded(7, "lgsp").message(), other.request())
    assert one.both() == (other.message(), other.request())
