using BioVision.Notebooks;

// biovision-notebook <notebook.ipynb|script.csx>... [--lib <folder>]...
// Folders given with --lib (and the BIOVISION_LIB variable, ':'-separated) are searched for #r "X.dll".
var notebooks = new List<string>();
var libraries = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--lib" && i + 1 < args.Length)
    {
        libraries.Add(args[++i]);
    }
    else if (args[i].StartsWith('-'))
    {
        Console.Error.WriteLine($"unknown option '{args[i]}'. usage: biovision-notebook <notebook.ipynb|script.csx>... [--lib <folder>]...");
        return 2;
    }
    else
    {
        notebooks.Add(args[i]);
    }
}

if (notebooks.Count == 0)
{
    Console.Error.WriteLine("usage: biovision-notebook <notebook.ipynb|script.csx>... [--lib <folder>]...");
    return 2;
}

libraries.AddRange((Environment.GetEnvironmentVariable("BIOVISION_LIB") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries));
var runner = new NotebookRunner(libraries);
foreach (string path in notebooks)
{
    Console.WriteLine($"=== {path}");
    NotebookDocument document;
    try
    {
        document = NotebookDocument.Load(path);
    }
    catch (Exception e) when (e is FormatException or IOException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }

    if (!await runner.RunAsync(document, Console.Out).ConfigureAwait(false))
    {
        return 1;
    }
}

return 0;
