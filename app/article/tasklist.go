package article

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// taskLabels renders GFM task-list checkboxes with an accessible name.
// goldmark's own renderer writes a bare <input>, which a screen reader
// announces as an unlabelled checkbox. The name says the item's state in
// words; the item's text follows it.
type taskLabels struct{}

func (taskLabels) Extend(m goldmark.Markdown) {
	// Before the task-list extension's renderer (500): goldmark lets the
	// lower number win.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(taskLabels{}, 400)))
}

func (taskLabels) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, renderTaskCheckBox)
}

func renderTaskCheckBox(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if n.(*extast.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="done"> `)
	} else {
		_, _ = w.WriteString(`<input disabled="" type="checkbox" aria-label="not done"> `)
	}
	return ast.WalkContinue, nil
}
