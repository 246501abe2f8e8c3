using System.Globalization;
using BioVision.Data;
using BioVision.Rsa;
using BioVision.Rsa.Io;
using BioVision.Rsa.Predictivity;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Loaders for the bundled neural data (see <c>shared/data/MANIFEST.md</c>), read in place through
/// <see cref="SharedDataPaths"/> and returned ready to use: stimulus sets at the model's input size (pixels in
/// [0, 1]; the model normalises), brain RDMs as <see cref="RdmDataSet"/>, responses as stimuli × neurons matrices.
/// </summary>
/// <remarks>
/// RDMs are taken from the upper triangle of the stored matrices (row-major order (0,1), (0,2), …), so matrices that
/// are symmetric only up to rounding (the Algonauts file, ~1e-16) load without a symmetry check.
/// </remarks>
public static class NeuralData
{
    /// <summary>Cowley V4 session used to choose the V4 layer (validation).</summary>
    public const string V4ValidationSession = "210224";

    /// <summary>Cowley V4 session with repeats, held out for the noise ceiling.</summary>
    public const string V4CeilingSession = "210325";

    /// <summary>Cowley V4 sessions on which V4 scores are reported (test).</summary>
    public static IReadOnlyList<string> V4TestSessions { get; } = ["190923", "201025", "210225"];

    /// <summary>
    /// The 92 object images of Kriegeskorte et al. (2008) (Algonauts 2019 JPEG copy, same order) at the model's input.
    /// </summary>
    /// <param name="input">Channels and size the model expects.</param>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static EncodedImageDataset Images92(ModelInput input, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        return StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images", root), (input.Height, input.Width), input.Channels);
    }

    /// <summary>Human IT fMRI RDMs of Kriegeskorte et al. (2008): 4 subjects × 2 sessions (1 − Pearson r, 316 voxels).</summary>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static RdmDataSet HumanIt92(string? root = null)
    {
        var rdms = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/92_brainRDMs.mat", root)).Struct("RDMs");
        var vectors = new List<double[]>();
        var subjects = new List<string>();
        var sessions = new List<string>();
        for (int subject = 0; subject < rdms.Dimensions[1]; subject++)
        {
            for (int session = 0; session < rdms.Dimensions[2]; session++)
            {
                vectors.Add(UpperTriangle((MatNumericArray)rdms.Get("RDM", 0, subject, session)));
                string name = ((MatCharArray)rdms.Get("name", 0, subject, session)).Text;
                string[] parts = name.Split('|', StringSplitOptions.TrimEntries);
                subjects.Add(parts.Length > 1 ? parts[1] : subject.ToString(CultureInfo.InvariantCulture));
                sessions.Add(name);
            }
        }

        var data = Rdms.FromVectors(vectors, "1 - Pearson r", new Dictionary<string, IReadOnlyList<string>>
        {
            [RdmDataSet.SubjectDescriptor] = subjects,
            ["session"] = sessions,
        });
        return new RdmDataSet("kriegeskorte2008-human-IT", "IT", "human", data, "Kriegeskorte et al. 2008, Neuron 60:1126 (92_brainRDMs.mat)");
    }

    /// <summary>The monkey IT RDM of Kiani et al. (2007) on the 92 images (674 neurons), one RDM.</summary>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static RdmDataSet MonkeyIt92(string? root = null)
    {
        var fig1 = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/Kriegeskorte_Neuron2008_supplementalData.mat", root)).Struct("RDMs_mIT_hIT_fig1");
        int index = Enumerable.Range(0, fig1.Count).FirstOrDefault(i => ((MatCharArray)fig1[i, "name"]).Text == "mIT_674neurons", -1);
        if (index < 0)
        {
            throw new NeuralDataFormatException("kriegeskorte2008_92/Kriegeskorte_Neuron2008_supplementalData.mat", "The supplemental data hold no 'mIT_674neurons' RDM in RDMs_mIT_hIT_fig1.");
        }

        double[] v = ((MatNumericArray)fig1[index, "RDM"]).ToRowMajor();
        var data = new Rdms(v, 1, "1 - Pearson r", new Dictionary<string, IReadOnlyList<string>> { [RdmDataSet.SubjectDescriptor] = ["monkey"] });
        return new RdmDataSet("kiani2007-monkey-IT", "IT", "macaque", data, "Kiani et al. 2007 via Kriegeskorte et al. 2008 (RDMs_mIT_hIT_fig1, 674 neurons)");
    }

    /// <summary>The human early visual cortex RDM of Kriegeskorte et al. (2008) (<c>EVA</c> in 92_modelRDMs.mat), one RDM.</summary>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static RdmDataSet HumanEvc92(string? root = null)
    {
        var models = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/92_modelRDMs.mat", root)).Struct("Models");
        int index = Enumerable.Range(0, models.Count).FirstOrDefault(i => ((MatCharArray)models[i, "name"]).Text == "EVA", -1);
        if (index < 0)
        {
            throw new NeuralDataFormatException("kriegeskorte2008_92/92_modelRDMs.mat", "92_modelRDMs.mat holds no 'EVA' RDM.");
        }

        double[] v = UpperTriangle((MatNumericArray)models[index, "RDM"]);
        var data = new Rdms(v, 1, "1 - Pearson r", new Dictionary<string, IReadOnlyList<string>> { [RdmDataSet.SubjectDescriptor] = ["EVA"] });
        return new RdmDataSet("kriegeskorte2008-human-EVC", "EVC", "human", data, "Kriegeskorte et al. 2008 (EVA RDM in 92_modelRDMs.mat)");
    }

    /// <summary>Algonauts 2019 (Cichy et al. 2014 fMRI) RDMs of 15 subjects on the 92 images.</summary>
    /// <param name="region"><c>IT</c> or <c>EVC</c>.</param>
    /// <exception cref="ArgumentException">Another region.</exception>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static RdmDataSet Algonauts(string region, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(region);
        string variable = region.ToUpperInvariant() switch
        {
            "IT" => "IT_RDMs",
            "EVC" => "EVC_RDMs",
            _ => throw new ArgumentException($"Algonauts regions are IT and EVC, not '{region}'.", nameof(region)),
        };
        var array = MatFile.Read(SharedDataPaths.Data("algonauts2019_92/target_fmri.mat", root)).Numeric(variable);
        if (array.Dimensions.Count != 3 || array.Dimensions[1] != array.Dimensions[2])
        {
            throw new NeuralDataFormatException("algonauts2019_92/target_fmri.mat", $"{variable} should be subjects × n × n, found {array.DimensionText}.");
        }

        int subjects = array.Dimensions[0], n = array.Dimensions[1];
        double[] rowMajor = array.ToRowMajor();
        var vectors = new List<double[]>(subjects);
        for (int s = 0; s < subjects; s++)
        {
            var v = new double[n * (n - 1) / 2];
            int k = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    v[k++] = rowMajor[(((long)s * n) + i) * n + j];
                }
            }

            vectors.Add(v);
        }

        var names = Enumerable.Range(1, subjects).Select(s => s.ToString("D2", CultureInfo.InvariantCulture)).ToArray();
        var data = Rdms.FromVectors(vectors, "1 - Pearson r", new Dictionary<string, IReadOnlyList<string>> { [RdmDataSet.SubjectDescriptor] = names });
        return new RdmDataSet($"algonauts2019-{region.ToUpperInvariant()}", region.ToUpperInvariant(), "human", data, "Cichy et al. 2014 / Algonauts 2019 (target_fmri.mat)");
    }

    /// <summary>Algonauts 2019 noise ceilings (R², squared Spearman) of the 92-image set for the Algonauts score.</summary>
    /// <param name="region"><c>IT</c> (0.3075) or <c>EVC</c> (0.1589).</param>
    public static double AlgonautsNoiseCeiling(string region) => region.ToUpperInvariant() switch
    {
        "IT" => 0.3075,
        "EVC" => 0.1589,
        _ => throw new ArgumentException($"Algonauts regions are IT and EVC, not '{region}'.", nameof(region)),
    };

    /// <summary>One Cowley et al. (2023) V4 session: images at the model's input and repeat-averaged responses.</summary>
    /// <param name="session">Session id (e.g. <c>210224</c>).</param>
    /// <param name="input">Channels and size the model expects.</param>
    /// <param name="maxImages">Keep only the first this many images (null: all).</param>
    /// <exception cref="NeuralDataFormatException">Images and responses disagree in number.</exception>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static CowleyV4Session CowleyV4(string session, ModelInput input, int? maxImages = null, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        var images = StimulusSets.LoadCowleyV4(SharedDataPaths.Data($"cowley2023_V4/images/images_{session}.zip", root), (input.Height, input.Width), input.Channels);
        var raw = NpyReader.Read(SharedDataPaths.Data($"cowley2023_V4/responses_repeat_averaged/responses_{session}.npy", root));
        if (raw.Shape.Count != 2 || raw.Shape[1] != images.Count)
        {
            throw new NeuralDataFormatException($"cowley2023_V4/responses_repeat_averaged/responses_{session}.npy", $"Session {session}: responses [{string.Join(", ", raw.Shape)}] do not match {images.Count} images.");
        }

        int neurons = raw.Shape[0];
        int count = maxImages is int m ? Math.Min(m, images.Count) : images.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 10, nameof(maxImages));
        var responses = new double[count, neurons];
        var values = raw.Values;
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < neurons; j++)
            {
                responses[i, j] = values[(j * images.Count) + i];
            }
        }

        IImageDataset shown = count == images.Count ? images : new SubsetDataset(images, count);
        return new CowleyV4Session(session, shown, responses);
    }

    /// <summary>
    /// Split-half reliability (Spearman–Brown corrected) of the V4 session with repeats (210325), the V4 noise ceiling
    /// (median over neurons, mean over splits).
    /// </summary>
    /// <param name="splits">Random half splits (default 10, as Brain-Score).</param>
    /// <param name="seed">Seed of the splits.</param>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static ReliabilityResult CowleyV4Reliability(int splits = 10, long seed = 0, string? root = null)
    {
        var raw = NpyReader.Read(SharedDataPaths.Data($"cowley2023_V4/responses_raw/responses_{V4CeilingSession}.npy", root));
        if (raw.Shape.Count != 3)
        {
            throw new NeuralDataFormatException($"cowley2023_V4/responses_raw/responses_{V4CeilingSession}.npy", $"Raw responses of {V4CeilingSession} should be neurons × images × repeats, found [{string.Join(", ", raw.Shape)}].");
        }

        return SplitHalfReliability.Compute(raw.Values, raw.Shape[0], raw.Shape[1], raw.Shape[2], splits, seed);
    }

    /// <summary>The Allen mouse V1 extract (weak data; see <see cref="AllenMouseV1Data"/>).</summary>
    /// <param name="root">The data root (the shared data folder), or null for the default: <c>BIOVISION_DATA</c>, then <c>shared/data</c> beside the checkout.</param>
    public static AllenMouseV1Data AllenMouseV1(string? root = null)
    {
        string dir = SharedDataPaths.Data("allen_mouseV1_psailamul", root);
        return new AllenMouseV1Data(
            Scenes(NpyReader.Read(Path.Combine(dir, "Allen_train_input.npy"))),
            NpyReader.Read(Path.Combine(dir, "Allen_train_output.npy")).ToMatrix(),
            Scenes(NpyReader.Read(Path.Combine(dir, "Allen_test_input.npy"))),
            NpyReader.Read(Path.Combine(dir, "Allen_test_output.npy")).ToMatrix());
    }

    private static InMemoryImageDataset Scenes(NpyArray input)
    {
        const int Side = 31;
        if (input.Shape.Count != 2 || input.Shape[1] != Side * Side)
        {
            throw new NeuralDataFormatException(input.Name, $"Allen scenes should be n × 961 (31 × 31), found [{string.Join(", ", input.Shape)}].");
        }

        var values = input.Values;
        var pixels = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!(v >= 0 && v <= 255))
            {
                throw new NeuralDataFormatException(input.Name, $"Allen scene pixel {i} is {v}, outside 0..255.");
            }

            pixels[i] = (byte)Math.Round(v);
        }

        int n = input.Shape[0];
        return new InMemoryImageDataset(pixels, [.. Enumerable.Range(0, n)], new ImageShape(1, Side, Side),
            [.. Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture))]);
    }

    private static double[] UpperTriangle(MatNumericArray square)
    {
        if (square.Dimensions.Count != 2 || square.Dimensions[0] != square.Dimensions[1])
        {
            throw new NeuralDataFormatException(square.Name, $"'{square.Name}' should be a square RDM, found {square.DimensionText}.");
        }

        int n = square.Dimensions[0];
        var v = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                v[k++] = square.At(i, j);
            }
        }

        return v;
    }
}
