#!/usr/bin/env bash
# C06 (dân cư) over SOAP 1.1 through the simulated LGSP (start it first: `make up` or
# `.venv/bin/ndxp-sim up`):
#   1. the WSDL through the LGSP: its soap:address is the LGSP's;
#   2. a look-up posted to the LGSP's SOAP endpoint (POST /), routed by the X-Road header;
#   3. a bad CCCD: the registry's soapenv:Client Fault (HTTP 500) relayed as it came;
#   4. no credentials: the LGSP's own Fault, Server.ClientProxy.AuthenticationFailed.
# Needs curl. LGSP=http://host:port overrides the address. See docs/soap-and-faults.md.
set -euo pipefail
LGSP=${LGSP:-http://127.0.0.1:8300}
CLIENT=${CLIENT:-VN/GOV/000.00.00.H56/MCDT}
SECRET=${SECRET:-mcdt-demo-secret}
show() { printf '\n== %s\n' "$1"; }
envelope() {  # $1: SoDinhDanh
  cat <<XML
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:id="http://x-road.eu/xsd/identifiers"
    xmlns:dan="http://dancuquocgia.bca">
  <s:Header>
    <xrd:client id:objectType="SUBSYSTEM"><id:xRoadInstance>VN</id:xRoadInstance>
      <id:memberClass>GOV</id:memberClass><id:memberCode>000.00.00.H56</id:memberCode>
      <id:subsystemCode>MCDT</id:subsystemCode></xrd:client>
    <xrd:service id:objectType="SERVICE"><id:xRoadInstance>VN</id:xRoadInstance>
      <id:memberClass>GOV</id:memberClass><id:memberCode>000.00.00.C06</id:memberCode>
      <id:subsystemCode>CSDLDC</id:subsystemCode>
      <id:serviceCode>TraCuuThongTinCongDan</id:serviceCode></xrd:service>
    <xrd:id>$(python3 -c 'import uuid; print(uuid.uuid4())')</xrd:id>
    <xrd:userId>VN001080012345</xrd:userId>
    <xrd:protocolVersion>4.0</xrd:protocolVersion>
  </s:Header>
  <s:Body>
    <dan:TraCuuThongTinCongDan><dan:MaYeuCau>YC-SOAP-1</dan:MaYeuCau>
      <dan:MaTichHop>037</dan:MaTichHop><dan:SoDinhDanh>$1</dan:SoDinhDanh>
    </dan:TraCuuThongTinCongDan>
  </s:Body>
</s:Envelope>
XML
}
SOAP=(-H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: ""')

show "WSDL through the LGSP (soap:address)"
curl -s -u "$CLIENT:$SECRET" "$LGSP/apiCSDLDC/1.0/TraCuuThongTinCongDan?wsdl" | grep -o '<soap:address[^>]*>'

show "TraCuuThongTinCongDan on POST / (routed by the X-Road header)"
envelope 026092008262 | curl -s -u "$CLIENT:$SECRET" "${SOAP[@]}" --data-binary @- \
  -w '\nHTTP %{http_code}\n' "$LGSP/" | head -c 900; echo

show "a bad CCCD: the registry's Fault"
envelope 12345 | curl -s -u "$CLIENT:$SECRET" "${SOAP[@]}" --data-binary @- \
  -w '\nHTTP %{http_code}\n' "$LGSP/apiCSDLDC/1.0/TraCuuThongTinCongDan"

show "no credentials: the LGSP's own Fault"
envelope 026092008262 | curl -s "${SOAP[@]}" --data-binary @- -w '\nHTTP %{http_code}\n' \
  "$LGSP/apiCSDLDC/1.0/TraCuuThongTinCongDan"
