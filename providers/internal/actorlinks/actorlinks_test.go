package actorlinks

import (
	"fmt"
	"sync"
	"testing"
)

func TestTable(t *testing.T) {
	var tab Table[int]
	if _, ok := tab.Get("MA"); ok {
		t.Fatal("empty table has MA")
	}
	if _, replaced := tab.Put("MB", 1); replaced {
		t.Fatal("first put replaced something")
	}
	tab.Put("MA", 2)
	if old, replaced := tab.Put("MB", 3); !replaced || old != 1 {
		t.Fatalf("replace = %d, %v", old, replaced)
	}
	if got := tab.Sorted(); len(got) != 2 || got[0] != (Entry[int]{"MA", 2}) || got[1] != (Entry[int]{"MB", 3}) {
		t.Fatalf("sorted = %v", got)
	}
	if v, ok := tab.Delete("MA"); !ok || v != 2 {
		t.Fatalf("delete = %d, %v", v, ok)
	}
	if _, ok := tab.Delete("MA"); ok {
		t.Fatal("second delete found MA")
	}
	if got := tab.Drain(); len(got) != 1 || got[0] != 3 {
		t.Fatalf("drain = %v", got)
	}
	if got := tab.Sorted(); len(got) != 0 {
		t.Fatalf("after drain = %v", got)
	}
}

func TestTableConcurrent(t *testing.T) {
	var tab Table[int]
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				a := fmt.Sprintf("M%d", i%10)
				tab.Put(a, i)
				tab.Get(a)
				tab.Sorted()
				if i%7 == 0 {
					tab.Delete(a)
				}
			}
		}()
	}
	wg.Wait()
	if n := len(tab.Sorted()); n > 10 {
		t.Fatalf("%d entries, want at most 10", n)
	}
}
