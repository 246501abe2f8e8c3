using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace BioVision.Interactive;

/// <summary>
/// The live bar of <see cref="ProgressDisplay"/> inside a .NET Interactive cell: one displayed value, updated in place
/// (Jupyter's <c>update_display_data</c>). Only touched when the kernel's assemblies are loaded.
/// </summary>
internal sealed class NotebookView : ProgressDisplay.INotebookView
{
    private readonly KernelInvocationContext _context;
    private DisplayedValue? _displayed;

    private NotebookView(KernelInvocationContext context) => _context = context;

    /// <summary>A view for the running cell, or null outside one.</summary>
    public static NotebookView? TryCreate() => KernelInvocationContext.Current is { } context ? new NotebookView(context) : null;

    public void Show(string html, string text)
    {
        var value = new ProgressHtml(html, text);
        if (_displayed is null)
        {
            _displayed = _context.Display(value, HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        }
        else
        {
            _displayed.Update(value);
        }
    }

    /// <summary>The bar's HTML with its text form (formatted by <see cref="BioVisionFormatters"/>).</summary>
    internal sealed record ProgressHtml(string Html, string Text)
    {
        public override string ToString() => Text;
    }
}
