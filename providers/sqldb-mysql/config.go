package sqldbmysql

import (
	"database/sql"
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// parseURI reads a link's uri: the driver's DSN (user:password@tcp(host:port)/db?params) or a
// URL, mysql://user:password@host[:port]/db?params (port 3306 by default).
func parseURI(uri string) (*mysql.Config, error) {
	scheme, _, found := strings.Cut(uri, "://")
	if !found {
		return mysql.ParseDSN(uri)
	}
	if scheme != "mysql" && scheme != "mariadb" {
		return nil, errors.New("scheme " + scheme + ": want mysql:// or mariadb://, or a DSN such as user:password@tcp(host:3306)/db")
	}
	u, err := url.Parse(uri)
	if err != nil {
		return nil, errors.New("not a URL: " + redact(err))
	}
	if u.Hostname() == "" {
		return nil, errors.New("the URL names no host")
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "3306")
	}
	// The parameters go through the driver's own parser; the credentials are set directly so
	// that no character in them needs escaping.
	cfg, err := mysql.ParseDSN("tcp(" + host + ")/" + strings.TrimPrefix(u.Path, "/") + queryPart(u))
	if err != nil {
		return nil, err
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	return cfg, nil
}

func queryPart(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

// redact returns a url.Parse error without the URL, which may hold a password.
func redact(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// configure sets what the value mapping relies on: DATETIME and TIMESTAMP read as times, the
// session in UTC so that TIMESTAMP values are UTC (unless the uri sets time_zone), and a
// connect timeout.
func configure(cfg *mysql.Config) {
	cfg.ParseTime = true
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultConnectTimeout
	}
	if _, ok := cfg.Params["time_zone"]; !ok {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["time_zone"] = "'+00:00'"
	}
}

// openDB makes a pool on cfg without connecting.
func openDB(cfg *mysql.Config) (*sql.DB, error) {
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}
