using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace BioVision.Notebooks;

/// <summary>Executes a notebook's C# cells in order, sharing one script state, as a .NET Interactive kernel would.</summary>
public sealed class NotebookRunner
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    private readonly IReadOnlyList<string> _librarySearchPaths;

    /// <summary>Creates a runner.</summary>
    /// <param name="librarySearchPaths">Folders searched for <c>#r "Name.dll"</c> references, before the notebook's own folder.</param>
    public NotebookRunner(IReadOnlyList<string> librarySearchPaths)
    {
        _librarySearchPaths = librarySearchPaths;
    }

    /// <summary>Runs every C# cell; stops at the first failing cell.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="log">Receives a header per cell and the failure, if any.</param>
    /// <returns>True when every cell ran without an exception.</returns>
    public async Task<bool> RunAsync(NotebookDocument notebook, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(log);
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(notebook.FilePath)) ?? Environment.CurrentDirectory;
        var searchPaths = _librarySearchPaths.Select(Path.GetFullPath).Append(baseDirectory).ToImmutableArray();
        var options = ScriptOptions.Default
            .WithFilePath(notebook.FilePath)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithSearchPaths(searchPaths).WithBaseDirectory(baseDirectory))
            .WithSourceResolver(new SourceFileResolver(searchPaths, baseDirectory))
            .AddReferences(FrameworkReferences.Value)
            .AddImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks");
        ScriptState<object>? state = null;
        foreach (var cell in notebook.Cells)
        {
            if (cell.Language != "csharp")
            {
                log.WriteLine($"--- cell {cell.Index}: skipped ({cell.Language})");
                continue;
            }

            log.WriteLine($"--- cell {cell.Index}");
            var watch = Stopwatch.StartNew();
            try
            {
                state = state is null
                    ? await CSharpScript.RunAsync(cell.Source, options).ConfigureAwait(false)
                    : await state.ContinueWithAsync(cell.Source, options).ConfigureAwait(false);
                if (state.ReturnValue is { } value)
                {
                    log.WriteLine(value);
                }
            }
            catch (CompilationErrorException e)
            {
                log.WriteLine($"cell {cell.Index} of {notebook.FilePath} does not compile:");
                foreach (var diagnostic in e.Diagnostics)
                {
                    log.WriteLine($"  {diagnostic}");
                }

                return false;
            }
#pragma warning disable CA1031 // A notebook cell may throw anything; the runner reports it and stops.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.WriteLine($"cell {cell.Index} of {notebook.FilePath} threw {e}");
                return false;
            }

            log.WriteLine($"--- cell {cell.Index} ran in {watch.Elapsed.TotalSeconds:F1} s");
        }

        return true;
    }
}
