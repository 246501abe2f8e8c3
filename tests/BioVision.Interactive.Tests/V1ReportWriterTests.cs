using BioVision.Benchmarks.V1Properties;
using BioVision.Reports;
using Xunit;

namespace BioVision.Interactive.Tests;

/// <summary>The V1 benchmark's report folder is written from its result record: the record, the table and a histogram per layer and property.</summary>
public sealed class V1ReportWriterTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    // Two layers: one whose values are the recorded data's own, one skewed into the lowest bins and missing the surround
    // diameter (so one figure shows an empty model histogram). Scores by the benchmark's own scoring, 20 bootstrap samples.
    private static V1PropertiesResult Result(string model)
    {
        LayerV1Properties Layer(string name, Func<PropertyDistribution, double[]?> values)
        {
            var v = MarquesDistributions.All.Select(d => (d.Name, Values: values(d))).Where(p => p.Values is not null)
                .ToDictionary(p => p.Name, p => p.Values!, StringComparer.Ordinal);
            var scores = V1PropertiesBenchmark.Score(v, seed: 0, samples: 20);
            var groups = scores.GroupBy(s => s.Group).Select(g => new GroupScore(g.Key, g.Average(s => s.Ceiled))).ToList();
            return new LayerV1Properties
            {
                Layer = name, LayerUnits = 512, MappedUnits = 64, ReceptiveFieldUnits = 48, ResponsiveUnits = 40,
                Scores = scores, Groups = groups, Score = groups.Average(g => g.Score), Values = v,
            };
        }

        return new V1PropertiesResult
        {
            Model = model,
            Screen = new ScreenGeometry { ImageSize = 64, Channels = 1, VisualDegrees = 2.3 },
            Trials = 1,
            MappingTrials = 1,
            Presentations = 9100,
            Seconds = 1.5,
            Layers =
            [
                Layer("vone_block", d => d.Values()),
                Layer("model.layer1", d => d.Name == MarquesDistributions.SurroundDiameter.Name ? null
                    : [.. Enumerable.Range(0, 60).Select(i => d.Bins[0] + ((d.Bins[Math.Min(2, d.Bins.Count - 1)] - d.Bins[0]) * (i + 0.5) / 60))]),
            ],
        };
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "biovision-v1-report-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_writer_writes_the_record_the_table_and_a_histogram_per_layer_and_property()
    {
        var result = Result("toy VOne");
        string folder = NewFolder();
        try
        {
            var written = V1ReportWriter.Write(result, folder);
            var names = written.Select(Path.GetFileName).ToList();
            Assert.Equal(2 + (2 * 2 * MarquesDistributions.All.Count), names.Count);
            Assert.Equal(names.Count, Directory.GetFiles(folder).Length);
            Assert.Equal(result.ToJson(), V1PropertiesResult.FromJson(File.ReadAllText(Path.Combine(folder, V1ReportWriter.JsonFile))).ToJson());
            Assert.Equal(result.ToString(), File.ReadAllText(Path.Combine(folder, V1ReportWriter.TableFile)));
            foreach (var layer in result.Layers)
            {
                foreach (var d in MarquesDistributions.All)
                {
                    string stem = V1ReportWriter.FigureName(layer.Layer, d);
                    byte[] png = File.ReadAllBytes(Path.Combine(folder, stem + ".png"));
                    Assert.True(png.Length > 5000, $"{stem}.png has {png.Length} bytes");
                    Assert.Equal(PngSignature, png[..4]);
                    string svg = File.ReadAllText(Path.Combine(folder, stem + ".svg"));
                    Assert.Contains("<svg", svg, StringComparison.Ordinal);
                    Assert.Contains($"{d.Name}: toy VOne {layer.Layer}", svg, StringComparison.Ordinal);   // V1PropertyFigures' title
                    Assert.Contains("macaque V1 (n = ", svg, StringComparison.Ordinal);                     // the recorded distribution under the model's
                }
            }

            // The CLI's historical names: the layer with anything but letters, digits, '-', '.' and '_' replaced.
            Assert.Contains("model.layer1-DeValois1982-pref_or.png", names);
            Assert.Equal("a_b_-Cavanaugh2002-surround_diameter", V1ReportWriter.FigureName("a/b ", MarquesDistributions.SurroundDiameter));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Without_figures_only_the_record_and_the_table_are_written()
    {
        string folder = NewFolder();
        try
        {
            var written = V1ReportWriter.Write(Result("toy"), folder, figures: false);
            Assert.Equal([V1ReportWriter.JsonFile, V1ReportWriter.TableFile], written.Select(Path.GetFileName));
            Assert.Equal(2, Directory.GetFiles(folder).Length);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_rerun_over_an_existing_folder_replaces_each_file_whole()
    {
        string folder = NewFolder();
        try
        {
            var first = Result("first model");
            V1ReportWriter.Write(first, folder);
            string json = Path.Combine(folder, V1ReportWriter.JsonFile);
            string svg = Path.Combine(folder, V1ReportWriter.FigureName("vone_block", MarquesDistributions.PreferredOrientation) + ".svg");
            string oldSvg = File.ReadAllText(svg);
            var second = Result("second model, a longer name") with { Seconds = 2.5 };
            // Readers holding the old files keep reading the old content whole: each file is renamed over, not rewritten in place.
            using (var oldJson = new FileStream(json, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var oldFigure = new FileStream(svg, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                V1ReportWriter.Write(second, folder);
                Assert.Equal(first.ToJson(), new StreamReader(oldJson).ReadToEnd());
                Assert.Equal(oldSvg, new StreamReader(oldFigure).ReadToEnd());
            }

            Assert.Equal(second.ToJson(), File.ReadAllText(json));
            Assert.Equal(second.ToString(), File.ReadAllText(Path.Combine(folder, V1ReportWriter.TableFile)));
            Assert.Contains("second model, a longer name vone_block", File.ReadAllText(svg), StringComparison.Ordinal);
            Assert.Equal(2 + (2 * 2 * MarquesDistributions.All.Count), Directory.GetFiles(folder).Length);       // replaced, no leftovers
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Sampled_parameters_are_set_beside_the_recorded_and_measured_fractions()
    {
        var result = Result("toy");
        var parameters = new BioVision.V1.V1Parameters
        {
            SimpleChannels = 2, ComplexChannels = 2, InputChannels = 1,
            Orientation = [0, 45, 90, 170], SpatialFrequency = [1, 2, 4, 8],
            Phase = [0, 0, 0, 0], Nx = [0.5, 0.5, 0.5, 0.5], Ny = [0.5, 0.5, 0.5, 0.5], ColorChannel = [0, 0, 0, 0], QuadratureColorChannel = [0, 0, 0, 0],
        };
        string text = V1ReportWriter.SampledParameters(result, parameters, "vone_block");
        Assert.Contains("pref_or bins -22.5 22.5 67.5 112.5 157.5", text, StringComparison.Ordinal);
        Assert.Contains("    sampled  0.50 0.25 0.25 0.00", text, StringComparison.Ordinal);   // 170 deg folds to -10, the first bin
        Assert.Equal(9, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", V1ReportWriter.SampledParameters(result, parameters, "absent"));
    }
}
