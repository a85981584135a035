package claims

import (
	"errors"
	"strings"
	"testing"
	"time"
)

type testWascap struct {
	Target string `json:"target_url"`
	Hash   string `json:"hash"`
}

func TestSignParseJWT(t *testing.T) {
	cluster := fixedKey(t, PrefixCluster, 3)
	iat := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	in := Claims{ID: "TrellisGoldenToken0002", IssuedAt: iat, Subject: "inv-1", Expires: iat.Add(time.Minute)}
	token, err := SignJWT(in, testWascap{Target: "wasmbus://M", Hash: "AB"}, cluster)
	if err != nil {
		t.Fatal(err)
	}
	if got := segment(t, token, 1); got != `{"jti":"TrellisGoldenToken0002","iat":1735787045,"iss":"`+cluster.PublicKey()+
		`","sub":"inv-1","exp":1735787105,"wascap":{"target_url":"wasmbus://M","hash":"AB"}}` {
		t.Fatalf("claims segment %s", got)
	}
	var w testWascap
	out, err := ParseJWT(token, &w)
	if err != nil {
		t.Fatal(err)
	}
	in.Issuer = cluster.PublicKey()
	if out != in || w != (testWascap{"wasmbus://M", "AB"}) {
		t.Fatalf("ParseJWT = %+v, %+v; want %+v", out, w, in)
	}
	if _, err := ParseJWT(token, nil); err != nil {
		t.Fatalf("ParseJWT without wascap target: %v", err)
	}
}

func TestSignJWTDefaults(t *testing.T) {
	kp := newKey(t, PrefixCluster)
	token, err := SignJWT(Claims{Subject: "s", Issuer: "ignored"}, nil, kp)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseJWT(token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Issuer != kp.PublicKey() || len(c.ID) != idLen || c.IssuedAt.IsZero() || !c.Expires.IsZero() {
		t.Fatalf("claims %+v: want issuer %s, a random id, iat now, no exp", c, kp.PublicKey())
	}
	if strings.Contains(segment(t, token, 1), "wascap") {
		t.Fatal("nil wascap object was encoded")
	}
	var w testWascap
	if _, err := ParseJWT(token, &w); !errors.Is(err, ErrMalformed) {
		t.Fatalf("ParseJWT of a token without wascap = %v, want ErrMalformed", err)
	}
}

func TestParseJWTRejects(t *testing.T) {
	kp := newKey(t, PrefixCluster)
	token, err := SignJWT(Claims{Subject: "s"}, testWascap{Hash: "X"}, kp)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	other, err := SignJWT(Claims{Subject: "t"}, testWascap{Hash: "Y"}, kp)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"two segments", parts[0] + "." + parts[1], ErrMalformed},
		{"bad header", b64(`{"typ":"JWT","alg":"HS256"}`) + "." + parts[1] + "." + parts[2], ErrBadHeader},
		{"claims swapped", parts[0] + "." + strings.Split(other, ".")[1] + "." + parts[2], ErrBadSignature},
		{"bad wascap JSON", parts[0] + "." + b64(`{"iss":"`+kp.PublicKey()+`","sub":"s","wascap":1}`) + "." + parts[2], ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w testWascap
			if _, err := ParseJWT(tt.token, &w); !errors.Is(err, tt.want) {
				t.Fatalf("ParseJWT = %v, want %v", err, tt.want)
			}
		})
	}
}
