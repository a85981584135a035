package ctl

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// AppendInvocationEvent appends the JSON of an invocation_succeeded or invocation_failed
// event (typ) from source with data, a fresh id and the current time: the bytes
// json.Marshal would give for NewEvent(typ, source, data), without reflection. Hosts publish
// one per invocation, so it is on the hot path.
func AppendInvocationEvent(b []byte, typ, source string, data InvocationEvent) ([]byte, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return b, err
	}
	return appendInvocationEvent(b, typ, source, id.String(), time.Now().UTC().Format(eventTimeFormat), data), nil
}

func appendInvocationEvent(b []byte, typ, source, id, at string, d InvocationEvent) []byte {
	b = append(b, `{"specversion":"1.0","type":`...)
	b = appendJSONString(b, typ)
	b = append(b, `,"source":`...)
	b = appendJSONString(b, source)
	b = append(b, `,"id":`...)
	b = appendJSONString(b, id)
	b = append(b, `,"time":`...)
	b = appendJSONString(b, at)
	b = append(b, `,"datacontenttype":"application/json","data":{"source":`...)
	b = appendInvocationEntity(b, d.Source)
	b = append(b, `,"dest":`...)
	b = appendInvocationEntity(b, d.Dest)
	b = append(b, `,"operation":`...)
	b = appendJSONString(b, d.Operation)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendUint(b, d.Bytes, 10)
	if d.CorrelationID != "" {
		b = append(b, `,"correlation_id":`...)
		b = appendJSONString(b, d.CorrelationID)
	}
	return append(b, "}}"...)
}

func appendInvocationEntity(b []byte, e InvocationEntity) []byte {
	b = append(b, `{"public_key":`...)
	b = appendJSONString(b, e.PublicKey)
	b = append(b, `,"contract_id":`...)
	b = appendJSONString(b, e.ContractID)
	b = append(b, `,"link_name":`...)
	b = appendJSONString(b, e.LinkName)
	return append(b, '}')
}

// appendJSONString appends s quoted. Keys, contract ids, link names and operations are plain
// ASCII, copied as they are; anything else goes through encoding/json so that the escaping
// is exactly encoding/json's.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
