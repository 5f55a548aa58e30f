package respcache

import "compress/gzip"

// Levels for answers compressed once and sent many times, yet made again
// after every write to what they show: brotli 6 and gzip 9 cost about a
// millisecond on a 40 KB page, and brotli 11 tens of milliseconds for a few
// per cent more.
const (
	brotliLevel = 6
	gzipLevel   = gzip.BestCompression
)
