using BioVision.Native;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BioVision.Cli.Commands;

/// <summary>
/// Runs a PyTorch reference script of <c>tests/benchmarks</c> in the same session as a <c>bench</c> command, reads the
/// one JSON line it prints, and reports the machine's state around both runs (CPU model, load average). The one place
/// the bench commands share this: <c>bench v1</c>, <c>bench train</c> and <c>bench robustness</c> build their
/// <c>--python</c>, <c>--scripts</c> and <c>--reference-no-mkldnn</c> options with <see cref="AddOptions"/>, which
/// returns how to read them back. A reference that cannot run (no interpreter, no torch, no script, an error) gives a
/// <see cref="ReferenceRun"/> with a reason, never a stored figure.
/// </summary>
internal sealed class PythonReference
{
    /// <summary>The interpreter used when <c>--python</c> is not given (Debian's, which <c>python3-torch</c> installs into).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    /// <summary>Folder of the reference scripts relative to the repository root.</summary>
    public const string ScriptsRelativeFolder = "tests/benchmarks";

    /// <summary>How long a reference run may take before it is stopped and reported as not run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>Creates the runner.</summary>
    /// <param name="python">The Python interpreter (a path or a name looked up on PATH).</param>
    /// <param name="scriptsFolder">The folder holding the scripts, or null to look for <c>tests/benchmarks</c> above the CLI.</param>
    /// <param name="noMkldnn">Whether the scripts turn PyTorch's oneDNN convolutions off (<c>--no-mkldnn</c>).</param>
    public PythonReference(string python, string? scriptsFolder, bool noMkldnn)
    {
        Python = python;
        ScriptsFolder = scriptsFolder;
        NoMkldnn = noMkldnn;
    }

    /// <summary>The Python interpreter.</summary>
    public string Python { get; }

    /// <summary>The folder given with <c>--scripts</c>, or null to search.</summary>
    public string? ScriptsFolder { get; }

    /// <summary>Whether the scripts get <c>--no-mkldnn</c>.</summary>
    public bool NoMkldnn { get; }

    /// <summary>
    /// Adds the shared reference options (<c>--python</c>, <c>--scripts</c>, <c>--reference-no-mkldnn</c>) to a bench
    /// command and returns how to read the runner back from its parse result.
    /// </summary>
    /// <param name="command">The bench command.</param>
    public static Func<ParseResult, PythonReference> AddOptions(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var python = new Option<string>("--python")
        {
            Description = $"Python interpreter with PyTorch for the reference run (default {DefaultPython}); when it, torch or the script is missing, the reference column says 'not run: <reason>'.",
            DefaultValueFactory = _ => DefaultPython,
        };
        var scripts = new Option<string?>("--scripts")
        {
            Description = $"Folder of the reference scripts (default: {ScriptsRelativeFolder} found above the CLI's folder or the current one).",
        };
        var noMkldnn = new Option<bool>("--reference-no-mkldnn")
        {
            Description = "Run the PyTorch reference with oneDNN convolutions off (torch.backends.mkldnn.enabled = False), the kernel choice BioVision makes by default on AVX2/AVX-512 CPUs; default: PyTorch's defaults.",
        };
        command.Options.Add(python);
        command.Options.Add(scripts);
        command.Options.Add(noMkldnn);
        return parse => new PythonReference(parse.GetValue(python) ?? DefaultPython, parse.GetValue(scripts), parse.GetValue(noMkldnn));
    }

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="arguments"/> (plus <c>--no-mkldnn</c> when asked) and returns
    /// its JSON line, or why it did not run. Never throws for a missing interpreter, package or script.
    /// </summary>
    /// <param name="script">File name of the script in the scripts folder, e.g. <c>train_step.py</c>.</param>
    /// <param name="arguments">Its arguments.</param>
    public ReferenceRun Run(string script, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(arguments);
        var args = arguments.ToList();
        if (NoMkldnn)
        {
            args.Add("--no-mkldnn");
        }

        string? path = FindScript(script, ScriptsFolder);
        string commandLine = $"{Python} {path ?? script} {string.Join(' ', args)}";
        if (path is null)
        {
            return ReferenceRun.NotRun(ScriptsFolder is null
                ? $"{ScriptsRelativeFolder}/{script} not found above {AppContext.BaseDirectory} or the current folder (pass --scripts)"
                : $"{script} not found in --scripts '{ScriptsFolder}'", commandLine);
        }

        if ((Python.Contains('/', StringComparison.Ordinal) || Path.IsPathRooted(Python)) && !File.Exists(Python))
        {
            return ReferenceRun.NotRun($"python '{Python}' not found (pass --python)", commandLine);
        }

        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return ReferenceRun.NotRun($"python '{Python}' cannot be started ({e.Message})", commandLine);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return ReferenceRun.NotRun($"{script} did not finish in {Timeout.TotalMinutes:F0} minutes", commandLine);
        }

        process.WaitForExit();
        string output, errors;
        lock (stdout)
        {
            output = stdout.ToString();
        }

        lock (stderr)
        {
            errors = stderr.ToString();
        }

        return Interpret(process.ExitCode, output, errors, script, commandLine);
    }

    /// <summary>
    /// What a finished reference run amounts to: its JSON line when it exited with 0 and printed one without an
    /// <c>error</c> member, otherwise a reason (the script's <c>error</c>, or the last line of its standard error).
    /// </summary>
    /// <param name="exitCode">The script's exit code.</param>
    /// <param name="stdout">Its standard output.</param>
    /// <param name="stderr">Its standard error.</param>
    /// <param name="script">The script's name, for the reason.</param>
    /// <param name="commandLine">The command line, recorded in the result.</param>
    internal static ReferenceRun Interpret(int exitCode, string stdout, string stderr, string script, string commandLine)
    {
        var json = ParseJsonLine(stdout);
        if (json is { } result && result.TryGetProperty("error", out var error))
        {
            return ReferenceRun.NotRun(OneLine(error.ToString()), commandLine);
        }

        if (exitCode != 0)
        {
            string last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
            return ReferenceRun.NotRun(OneLine($"{script} exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}: {last}"), commandLine);
        }

        return json is { } ok ? new ReferenceRun(ok, null, commandLine) : ReferenceRun.NotRun($"{script} printed no JSON line", commandLine);
    }

    /// <summary>
    /// The last line of <paramref name="stdout"/> that is a JSON object (other lines, and lines that only look like one,
    /// are skipped), or null when there is none.
    /// </summary>
    /// <param name="stdout">A script's standard output.</param>
    public static JsonElement? ParseJsonLine(string? stdout)
    {
        if (string.IsNullOrEmpty(stdout))
        {
            return null;
        }

        foreach (string line in stdout.Split('\n').Select(l => l.Trim()).Reverse())
        {
            if (!line.StartsWith('{') || !line.EndsWith('}'))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep looking further up.
            }
        }

        return null;
    }

    /// <summary>
    /// The script's path: in <paramref name="scriptsFolder"/> when given, otherwise in <c>tests/benchmarks</c> of the
    /// first folder above the CLI's folder (<see cref="AppContext.BaseDirectory"/>), then above the current folder, that has one.
    /// </summary>
    /// <param name="script">The script's file name.</param>
    /// <param name="scriptsFolder">The folder given with <c>--scripts</c>, or null.</param>
    public static string? FindScript(string script, string? scriptsFolder)
    {
        if (scriptsFolder is not null)
        {
            string given = Path.GetFullPath(Path.Combine(scriptsFolder, script));
            return File.Exists(given) ? given : null;
        }

        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, ScriptsRelativeFolder, script);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The 1, 5 and 15 minute load averages from <c>/proc/loadavg</c>, or <c>n/a</c> where the system has none.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>The CPU as a bench prints it: model name, whether it has AVX-512, and the logical cores, e.g. <c>AMD EPYC, AVX-512 yes, 2 cores</c>.</summary>
    public static string CpuDescription()
    {
        string model = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                model = File.ReadLines("/proc/cpuinfo")
                    .Where(line => line.StartsWith("model name", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
                    .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                    .FirstOrDefault() ?? model;
            }
        }
        catch (IOException)
        {
            // The model name is only a label; the instruction set comes from the CPU itself.
        }

        bool avx512 = CpuNumerics.CpuInstructionSet == "AVX-512";
        return string.Create(CultureInfo.InvariantCulture, $"{model}, AVX-512 {(avx512 ? "yes" : "no")}, {Environment.ProcessorCount} cores");
    }

    /// <summary>A speed-up as printed: <c>1.23x</c> (BioVision is that many times faster), or <c>n/a</c>.</summary>
    /// <param name="ratio">Reference time over BioVision's time (or BioVision's throughput over the reference's).</param>
    public static string FormatRatio(double? ratio) =>
        ratio is { } r && double.IsFinite(r) && r > 0 ? r.ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";

    /// <summary>
    /// The machine line every side-by-side bench prints: CPU, and the load average before, between and after the two runs.
    /// </summary>
    /// <param name="output">Where to print.</param>
    /// <param name="before">Load average before BioVision's run.</param>
    /// <param name="between">After BioVision's run, before the reference's.</param>
    /// <param name="after">After the reference's run.</param>
    public static void PrintMachine(TextWriter output, string before, string between, string after)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"CPU: {CpuDescription()}");
        output.WriteLine($"Load average (1/5/15 min): before {before}; after BioVision {between}; after reference {after} (timings are only meaningful on an idle machine)");
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

/// <summary>One reference run: the script's JSON line, or why it was not run (never a stored figure).</summary>
/// <param name="Result">The JSON object the script printed, or null when it did not run.</param>
/// <param name="NotRunReason">Why it did not run, or null when it did.</param>
/// <param name="CommandLine">The command line that was (or would have been) run.</param>
internal sealed record ReferenceRun(JsonElement? Result, string? NotRunReason, string CommandLine)
{
    /// <summary>Whether the reference ran and printed its figures.</summary>
    public bool Ran => Result is not null;

    /// <summary>A run that did not happen, with its reason.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="commandLine">The command line that would have been run.</param>
    public static ReferenceRun NotRun(string reason, string commandLine) => new(null, reason, commandLine);

    /// <summary>The text of a reference cell when the run did not happen: <c>not run: &lt;reason&gt;</c>.</summary>
    public string NotRunText => $"not run: {NotRunReason}";

    /// <summary>A number member of the result, or null.</summary>
    /// <param name="name">The member's name.</param>
    public double? Number(string name) =>
        Result is { } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>
    /// What the reference ran with, as one line: <c>PyTorch 1.13.0, 2 threads, oneDNN convolutions on</c>, or the
    /// not-run text.
    /// </summary>
    public string Describe()
    {
        if (Result is not { } r)
        {
            return NotRunText;
        }

        string torchVersion = r.TryGetProperty("torch", out var t) ? t.ToString() : "?";
        string threads = r.TryGetProperty("threads", out var n) ? n.ToString() : "?";
        string mkldnn = r.TryGetProperty("mkldnn_enabled", out var m) && m.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? (m.GetBoolean() ? "on" : "off") : "?";
        return $"PyTorch {torchVersion}, {threads} threads, oneDNN convolutions {mkldnn}";
    }
}
