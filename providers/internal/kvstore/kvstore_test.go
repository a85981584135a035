package kvstore

import (
	"slices"
	"testing"
)

func TestRange(t *testing.T) {
	vs := []string{"a", "b", "c", "d"}
	for _, c := range []struct {
		start, stop int32
		want        []string
	}{
		{0, -1, vs}, {0, 0, []string{"a"}}, {1, 2, []string{"b", "c"}}, {-2, -1, []string{"c", "d"}},
		{-100, 1, []string{"a", "b"}}, {2, 100, []string{"c", "d"}}, {4, 10, []string{}},
		{3, 1, []string{}}, {-1, -2, []string{}}, {0, -5, []string{}},
	} {
		if got := Range(vs, c.start, c.stop); !slices.Equal(got, c.want) || got == nil {
			t.Errorf("Range(%d, %d) = %q, want %q", c.start, c.stop, got, c.want)
		}
	}
	if got := Range(nil, 0, -1); len(got) != 0 || got == nil {
		t.Errorf("Range of no values = %#v", got)
	}
}
