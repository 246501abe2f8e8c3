using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace BioVision.Notebooks.Tests;

/// <summary>
/// Runs a Jupyter notebook's C# cells in order in the genuine .NET Interactive <see cref="CSharpKernel"/>, in this
/// process, with <c>#r "nuget:"</c>/<c>#i</c> and the kernel helpers (<c>display</c>) as in dotnet-interactive.
/// Packages' <c>interactive-extensions/dotnet</c> assemblies are loaded after the cell that added them, as
/// dotnet-interactive's extension loader does (that loader lives in the tool, not in a library this can reference).
/// </summary>
public static class NotebookKernel
{
    private static readonly HashSet<string> LoadedExtensionFolders = new(StringComparer.Ordinal);

    /// <summary>Runs the notebook; the first failing cell throws <see cref="NotebookCellFailedException"/>.</summary>
    /// <param name="path">The .ipynb file.</param>
    /// <param name="feed">The local feed to restore BioVision.Interactive from; its exact version is referenced first.</param>
    public static async Task<NotebookRun> RunAsync(string path, LocalFeed feed)
    {
        string name = Path.GetFileName(path);
        InteractiveDocument document = Notebook.Parse(await File.ReadAllTextAsync(path));
        using var kernel = new CSharpKernel()
            .UseNugetDirective((k, references) =>
            {
                k.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers();

        // The feed the README's pack command builds, and the version this test run packed (a user's notebook
        // resolves the same package from a registered feed).
        await SubmitAsync(kernel, name, -1, "feed setup", $"#i \"nuget: {feed.Directory}\"\n#r \"nuget: BioVision.Interactive, {feed.Version}\"");

        var cells = new List<CellRun>();
        var total = Stopwatch.StartNew();
        for (int i = 0; i < document.Elements.Count; i++)
        {
            var element = document.Elements[i];
            if (element.KernelName is not ("csharp" or "C#" or null))
            {
                continue;
            }

            var watch = Stopwatch.StartNew();
            var outputs = await SubmitAsync(kernel, name, i, element.Id, element.Contents);
            cells.Add(new CellRun(i, element.Id, outputs, watch.Elapsed));
        }

        return new NotebookRun(name, cells, total.Elapsed);
    }

    private static async Task<IReadOnlyList<FormattedValue>> SubmitAsync(CSharpKernel kernel, string notebook, int index, string? id, string code)
    {
        KernelCommandResult result = await kernel.SendAsync(new SubmitCode(code));
        if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
        {
            throw new NotebookCellFailedException(notebook, index, id, failed.Message + (failed.Exception is { } e ? $"\n{e}" : ""));
        }

        if (result.Events.OfType<ErrorProduced>().FirstOrDefault() is { } error)
        {
            throw new NotebookCellFailedException(notebook, index, id, error.Message);
        }

        foreach (var added in result.Events.OfType<PackageAdded>())
        {
            await LoadExtensionsAsync(kernel, added.PackageReference);
        }

        return [.. result.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues)];
    }

    private static async Task LoadExtensionsAsync(Kernel kernel, ResolvedPackageReference package)
    {
        string folder = Path.Combine(package.PackageRoot, "interactive-extensions", "dotnet");
        if (!Directory.Exists(folder))
        {
            return;
        }

        bool first;
        lock (LoadedExtensionFolders)
        {
            first = LoadedExtensionFolders.Add(folder);
        }

        foreach (string dll in Directory.GetFiles(folder, "*.dll"))
        {
            Assembly assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
            foreach (Type type in assembly.ExportedTypes.Where(t => !t.IsAbstract && !t.IsInterface && typeof(IKernelExtension).IsAssignableFrom(t)))
            {
                // Extensions register process-wide formatters: once per process is what the tool does too.
                if (first)
                {
                    await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(kernel);
                }
            }
        }
    }
}
