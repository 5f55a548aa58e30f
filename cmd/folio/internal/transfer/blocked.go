package transfer

import (
	"errors"
	"fmt"

	"folio/app/comment"
)

// blockedName is a blocked author name read from a file, with its line.
type blockedName struct {
	line int
	name string
}

// block keeps a blocked name the file lists, for blockAll.
func (imp *importer) block(line int, name string) {
	imp.blocked = append(imp.blocked, blockedName{line, name})
}

// blockAll blocks the names the file lists, if the sink can: a name a
// block would refuse is reported with its line, as a comment is.
func (imp *importer) blockAll() error {
	if len(imp.blocked) == 0 {
		return nil
	}
	b, ok := imp.dst.(BlockSink)
	if !ok {
		return fmt.Errorf("%s:%d: this store cannot block names", imp.name, imp.blocked[0].line)
	}
	for _, x := range imp.blocked {
		err := b.Block(imp.ctx, x.name)
		switch {
		case errors.Is(err, comment.ErrInvalid):
			imp.rep.Refused++
			if len(imp.rep.Problems) < maxProblems {
				imp.rep.Problems = append(imp.rep.Problems, fmt.Sprintf("%s:%d: blocked name: %v", imp.name, x.line, err))
			}
		case err != nil:
			return fmt.Errorf("%s:%d: %w", imp.name, x.line, err)
		default:
			imp.rep.Blocked++
		}
	}
	return nil
}
