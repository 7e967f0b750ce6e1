"""DynamoDB of moto, in process, over JSON lines on stdin/stdout (one request, one answer).

A test oracle for keywatch's notify gate: each request is {"action": "UpdateItem", "body": {...}} with the body exactly
as the DynamoDB JSON protocol (and the Step Functions integration) carries it; the answer is {"ok": response} or
{"error": code, "message": text}. In process, because moto_server answers a request in 15-50 ms and an alert storm
test makes 30,000 of them; moto's DynamoDB model (conditions, ADD, ReturnValues) is the same either way.
"""
import json
import sys

from moto.server import create_backend_app

# moto's own DynamoDB server application, driven in process through Flask's test client: the same request handling as
# moto_server, without a socket per request.
client = create_backend_app("dynamodb").test_client()
HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "Host": "dynamodb.us-east-1.amazonaws.com",
    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261201/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
}
for line in sys.stdin:
    request = json.loads(line)
    response = client.post("/", data=json.dumps(request["body"]), headers={**HEADERS, "X-Amz-Target": "DynamoDB_20120810." + request["action"]})
    body = json.loads(response.get_data(as_text=True) or "{}")
    if response.status_code == 200:
        answer = {"ok": body}
    else:
        answer = {"error": str(body.get("__type", "Unknown")).split("#")[-1], "message": body.get("message", body.get("Message", ""))}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
