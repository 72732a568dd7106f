package match

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
)

func TestZZMem(t *testing.T) {
	if os.Getenv("ZZMEM") == "" {
		t.Skip()
	}
	rs := sampleRecords(100_000)
	m, _ := New()
	m.AddBatch(rs)
	rs = nil
	runtime.GC()
	f, _ := os.Create(os.Getenv("ZZMEM"))
	pprof.Lookup("heap").WriteTo(f, 0)
	f.Close()
	runtime.KeepAlive(m)
}
