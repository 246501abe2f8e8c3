using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace BioVision.Notebooks.Tests;

/// <summary>
/// Every notebook runs, cell by cell, in the genuine .NET Interactive C# kernel with BioVision referenced from a
/// freshly packed local feed, and shows the outputs it promises; a broken copy fails naming the cell; each notebook's
/// `dotnet run` twin runs too; committed notebooks carry no outputs.
/// </summary>
public sealed partial class NotebookTests(LocalFeed feed, ITestOutputHelper log) : IClassFixture<LocalFeed>
{
    /// <summary>
    /// What each notebook must show: (MIME type, a regular expression one output of that type matches). Every
    /// notebook needs an entry, so a new notebook states what it shows.
    /// </summary>
    private static readonly Dictionary<string, (string MimeType, string Pattern)[]> Expected = new(StringComparer.Ordinal)
    {
        ["01_vone_model.ipynb"] =
        [
            ("text/html", "V1Parameters: 256 simple \\+ 256 complex channels"),
            ("text/html", "<img alt=\"Gabor filter bank\" src=\"data:image/png;base64,"),
            ("text/plain", "^Tensor \\[4, 512, 56, 56\\] Float32 on (cpu|cuda)"),
            ("text/html", "<td>model.layer4</td><td>\\[2, 512, 7, 7\\]</td>"),
            ("image/svg+xml", "<svg"),
        ],
        ["02_rsa_92_images.ipynb"] =
        [
            ("image/svg+xml", "<svg[\\s\\S]*human IT"),
            ("image/png", "^iVBORw0KGgo"),
            ("text/html", "<caption>BootstrapRdms evaluation by Pearson.*noise ceiling \\[0\\.\\d+, 0\\.\\d+\\]</caption>(?=[\\s\\S]*<td>vone_block</td>)(?=[\\s\\S]*<td>model\\.layer1</td>)(?=[\\s\\S]*<td>model\\.layer3</td>)"),
            ("text/html", "<caption>monkey IT \\(Kiani et al. 2007, 674 neurons\\): Pearson r of each layer&#39;s RDM</caption>(?=[\\s\\S]*<td>model\\.layer3</td>)"),
        ],
        ["03_v4_cowley.ipynb"] =
        [
            ("text/html", "<caption>ReliabilityResult</caption>"),
            ("text/html", "<th>layer</th><th>predictivity</th>(?=[\\s\\S]*<td>vone_block</td>)(?=[\\s\\S]*<td>model\\.layer2</td>)"),
            ("image/svg+xml", "<svg[\\s\\S]*V4"),
        ],
        ["04_robust_vone_eot.ipynb"] =
        [
            // The twin may have trained the run first (the notebook then restores it): either way the bar ends "done".
            ("text/html", "<b>training the VOne model</b> \\(done, [\\d:]+\\): (epoch 2 of 2 done|nothing left to run)"),
            ("text/html", "<b>robustness</b> \\(done, [\\d:]+\\): .*: (\\d+)/\\1 cells"),
            ("text/html", "<caption>Robust accuracy on 24 images, 8 noise draws per image</caption>(?=[\\s\\S]*<td>PGD-Linf 4it EOT3</td><td>4/255</td>)(?=[\\s\\S]*<td>FGSM EOT1</td>)"),
            ("text/html", "^<img alt=\"VOne-SmallCnn: accuracy vs eps \\(L-inf\\), 24 images, 8 noise draws each\" src=\"data:image/png;base64,"),
            ("image/svg+xml", "<svg[\\s\\S]*accuracy per corruption[\\s\\S]*jpeg compression"),
            ("text/html", "<caption>Sanity checklist \\(Carlini et al. 2019\\)</caption>(?=[\\s\\S]*Doubling the EOT samples)(?=[\\s\\S]*Iterative attack at least as strong as FGSM</td><td>(Passed|Failed)<)"),
        ],
        ["05_v1_properties.ipynb"] =
        [
            ("text/html", "<b>V1 property benchmark</b> \\(done, [\\d:]+\\)"),
            ("text/html", "<pre>V1 properties \\(Marques et al. 2021\\) of VOneBlock-64px"),
            ("text/html", "<caption>Ceiled scores beside the reference AlexNet&#39;s</caption>(?=[\\s\\S]*<td>DeValois1982-pref_or</td>)"),
            ("text/html", "^<img alt=\"Cavanaugh2002-surround_diameter: VOne block output, ceiled score \\d\\.\\d{3}\" src=\"data:image/png;base64,"),
        ],
        ["06_reproduction_study.ipynb"] =
        [
            ("text/html", "<b>reproduction study</b> \\(done, [\\d:]+\\): .*9/9 tasks"),
            ("text/html", "<caption>Verdict per published claim</caption>(?=[\\s\\S]*Dapello et al. 2020, Fig. 1)"),
            ("text/html", "<td>vone-nonoise s0</td>"),
            ("text/html", "^<img alt=\"v1 vs whitebox robust accuracy\" src=\"data:image/png;base64,"),
            ("image/svg+xml", "<svg[\\s\\S]*Test accuracy per epoch of every model"),
        ],
    };

    public static TheoryData<string> Notebooks() => RepositoryPaths.NotebookNames();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task NotebookRunsInTheDotNetInteractiveKernelAndShowsItsOutputs(string notebook)
    {
        Assert.True(Expected.ContainsKey(notebook), $"{notebook} has no expected outputs in {nameof(NotebookTests)}.{nameof(Expected)}");
        NotebookRun run = await NotebookKernel.RunAsync(Path.Combine(RepositoryPaths.Notebooks, notebook), feed);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{notebook}: {run.Elapsed.TotalSeconds:F1} s"));
        foreach (var cell in run.Cells)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  cell {cell.Index + 1} ({cell.Id}): {cell.Elapsed.TotalSeconds:F1} s, {string.Join(", ", cell.Outputs.Select(o => $"{o.MimeType} {o.Value.Length} chars"))}"));
        }

        foreach (var (mimeType, pattern) in Expected[notebook])
        {
            var candidates = run.Outputs(mimeType).ToArray();
            Assert.True(candidates.Any(c => Regex.IsMatch(c.Value, pattern, RegexOptions.Multiline, TimeSpan.FromSeconds(10))),
                $"{notebook}: no {mimeType} output matches /{pattern}/; {mimeType} outputs were:\n" +
                string.Join("\n---\n", candidates.Select(c => $"cell {c.Cell.Index + 1}: {c.Value[..Math.Min(c.Value.Length, 600)]}")));
        }
    }

    [Fact]
    public async Task BrokenCopyFailsNamingNotebookCellAndMessage()
    {
        string source = Path.Combine(RepositoryPaths.Notebooks, "01_vone_model.ipynb");
        var json = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        var cells = json["cells"]!.AsArray();
        int codeCells = 0;
        int broken = -1;
        for (int i = 0; i < cells.Count; i++)
        {
            if ((string?)cells[i]!["cell_type"] == "code" && ++codeCells == 2)
            {
                broken = i;
                cells[i]!["source"] = new JsonArray("var x = 1;\n", "throw new System.InvalidOperationException(\"broken on purpose\");\n");
                break;
            }
        }

        Assert.True(broken >= 0, "01_vone_model.ipynb has fewer than two code cells");
        while (cells.Count > broken + 2)
        {
            cells.RemoveAt(cells.Count - 1);
        }

        string path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(path, json.ToJsonString());
        try
        {
            var error = await Assert.ThrowsAsync<NotebookCellFailedException>(() => NotebookKernel.RunAsync(path, feed));
            Assert.Equal(broken, error.CellIndex);
            Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
            Assert.Contains($"cell {broken + 1}", error.Message, StringComparison.Ordinal);
            Assert.Contains("broken on purpose", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookHasARunnableTwin(string notebook)
    {
        string twin = Path.ChangeExtension(Path.Combine(RepositoryPaths.Notebooks, notebook), ".cs");
        Assert.True(File.Exists(twin), $"{notebook} has no `dotnet run` twin {twin}");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet, ["run", twin], RepositoryPaths.Root);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotnet run {Path.GetFileName(twin)}: {watch.Elapsed.TotalSeconds:F1} s (build included)"));
        Assert.True(exitCode == 0, $"dotnet run {Path.GetFileName(twin)} failed:\n{output}");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CommittedNotebookHasNoOutputsAndCarriesIdsAndKernelspec(string notebook)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, notebook)))!.AsObject();
        Assert.Equal(".net-csharp", (string?)json["metadata"]?["kernelspec"]?["name"]);
        Assert.Equal(4, (int?)json["nbformat"]);
        Assert.True((int?)json["nbformat_minor"] >= 5, "cell ids need nbformat 4.5");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in json["cells"]!.AsArray())
        {
            string? id = (string?)cell!["id"];
            Assert.False(string.IsNullOrEmpty(id), $"{notebook}: a cell has no id");
            Assert.True(ids.Add(id!), $"{notebook}: cell id {id} is used twice");
            if ((string?)cell["cell_type"] == "code")
            {
                Assert.True(cell["outputs"]!.AsArray().Count == 0, $"{notebook}: cell {id} has outputs committed");
                Assert.Null(cell["execution_count"]);
            }
        }
    }
}
