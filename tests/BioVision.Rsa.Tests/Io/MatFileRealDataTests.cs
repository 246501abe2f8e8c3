using Xunit;
using System.Text.Json;
using BioVision.Rsa.Io;

namespace BioVision.Rsa.Tests.Io;

/// <summary>
/// Reads the real .mat files in shared/data and checks them against laws (RDM symmetry, zero diagonal) and against
/// rsa/92_inputs.json (rsatoolbox f1f83cad), which holds the same RDMs as exact float64 vectors. Tolerance: 0 — the
/// float32 values widen to float64 exactly, so any difference is a reader bug.
/// </summary>
public class MatFileRealDataTests
{
    private static JsonElement Inputs92()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedDataPaths.Reference("rsa/92_inputs.json")));
        return doc.RootElement.Clone();
    }

    private static double[] UpperTriangle(MatNumericArray rdm)
    {
        int n = rdm.Dimensions[0];
        var v = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                v[k++] = rdm.At(i, j);
            }
        }

        return v;
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void BrainRdms_AreA1x4x2StructOfSymmetricZeroDiagonalFloat32Rdms_EqualToReference()
    {
        MatFile file = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/92_brainRDMs.mat"));
        Assert.Equal(MatFileFormat.Version5, file.Format);
        MatStructArray rdms = file.Struct("RDMs");
        Assert.Equal([1, 4, 2], rdms.Dimensions);
        Assert.Contains("RDM", rdms.FieldNames);

        JsonElement inputs = Inputs92();
        string[] names = inputs.GetProperty("brain_session_names").EnumerateArray().Select(e => e.GetString()!).ToArray();
        JsonElement vectors = inputs.GetProperty("brain_session_vectors");
        int matched = 0;
        for (int subject = 0; subject < 4; subject++)
        {
            for (int session = 0; session < 2; session++)
            {
                var rdm = (MatNumericArray)rdms.Get("RDM", 0, subject, session);
                Assert.Equal(MatClass.Single, rdm.Class);
                Assert.Equal([92, 92], rdm.Dimensions);
                for (int i = 0; i < 92; i++)
                {
                    Assert.Equal(0.0, rdm.At(i, i));
                    for (int j = 0; j < i; j++)
                    {
                        Assert.Equal(rdm.At(i, j), rdm.At(j, i));
                    }
                }

                string name = ((MatCharArray)rdms.Get("name", 0, subject, session)).Text;
                int index = Array.IndexOf(names, name);
                Assert.True(index >= 0, $"'{name}' is not among the reference session names");
                Assert.Equal(Doubles(vectors[index]), UpperTriangle(rdm));
                matched++;
            }
        }

        Assert.Equal(8, matched);
    }

    [Fact]
    public void RowMajorView_OfA92x92Rdm_TransposesColumnMajorStorage()
    {
        MatStructArray rdms = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/92_brainRDMs.mat")).Struct("RDMs");
        var rdm = (MatNumericArray)rdms[0, "RDM"];
        double[] rowMajor = rdm.ToRowMajor();
        float[] single = rdm.ToRowMajorSingle();
        for (int i = 0; i < 92; i++)
        {
            for (int j = 0; j < 92; j++)
            {
                Assert.Equal(rdm.At(i, j), rowMajor[(i * 92) + j]);
                Assert.Equal((float)rdm.At(i, j), single[(i * 92) + j]);
            }
        }
    }

    [Fact]
    public void ModelRdms_MatchReferenceVectorsByName()
    {
        MatStructArray models = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/92_modelRDMs.mat")).Struct("Models");
        Assert.Equal([1, 8], models.Dimensions);
        JsonElement inputs = Inputs92();
        string[] names = inputs.GetProperty("model_names").EnumerateArray().Select(e => e.GetString()!).ToArray();
        for (int m = 0; m < 8; m++)
        {
            string name = ((MatCharArray)models[m, "name"]).Text;
            var rdm = (MatNumericArray)models[m, "RDM"];
            int index = Array.IndexOf(names, name);
            Assert.True(index >= 0, $"model '{name}' is not in the reference");
            Assert.Equal(Doubles(inputs.GetProperty("model_vectors")[index]), UpperTriangle(rdm));
        }
    }

    [Fact]
    public void SupplementalData_Holds92Uint8ImagesCategoriesAndTheMonkeyItVector()
    {
        MatFile file = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/Kriegeskorte_Neuron2008_supplementalData.mat"));
        MatStructArray stimuli = file.Struct("stimuli_92objs");
        Assert.Equal([1, 92], stimuli.Dimensions);
        JsonElement inputs = Inputs92();
        string[] categories = inputs.GetProperty("stimulus_category").EnumerateArray().Select(e => e.GetString()!).ToArray();
        for (int k = 0; k < 92; k++)
        {
            var image = (MatNumericArray)stimuli[k, "image"];
            Assert.Equal(MatClass.UInt8, image.Class);
            Assert.Equal([175, 175, 3], image.Dimensions);
            double min = double.MaxValue, max = double.MinValue;
            foreach (double v in image.ColumnMajor)
            {
                Assert.Equal(Math.Round(v), v);
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            Assert.InRange(min, 0, 255);
            Assert.InRange(max, 0, 255);
            Assert.True(max > min, $"image {k} is constant");
            Assert.Equal(categories[k], ((MatCharArray)stimuli[k, "category"]).Text);
        }

        MatStructArray fig1 = file.Struct("RDMs_mIT_hIT_fig1");
        int monkey = Enumerable.Range(0, fig1.Count).Single(i => ((MatCharArray)fig1[i, "name"]).Text == "mIT_674neurons");
        Assert.Equal(Doubles(inputs.GetProperty("monkey_it_vector")), ((MatNumericArray)fig1[monkey, "RDM"]).ToRowMajor());

        MatCellArray labels = file.Cell("categoryLabels");
        string[] expectedLabels = inputs.GetProperty("category_vector_labels").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(expectedLabels, labels.Cells.Select(c => ((MatCharArray)c).Text).ToArray());
    }

    [Theory]
    [InlineData("kriegeskorte2008_92")]
    [InlineData("algonauts2019_92")]
    public void EveryMatFileInTheFolder_Reads(string folder)
    {
        string[] files = Directory.GetFiles(SharedDataPaths.Data(folder), "*.mat");
        Assert.NotEmpty(files);
        foreach (string path in files)
        {
            MatFile file = MatFile.Read(path);
            Assert.NotEmpty(file.Variables);
            Assert.StartsWith("MATLAB", file.HeaderText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ZhangDesimoneRasters_AreBinarySpikeTrainsWithCellLabels()
    {
        string[] files = Directory.GetFiles(SharedDataPaths.Data("zhang_desimone_IT/raster_mat"), "*.mat");
        Assert.Equal(132, files.Length);
        foreach (string path in files.Take(12))
        {
            MatFile file = MatFile.Read(path);
            MatNumericArray raster = file.Numeric("raster_data");
            Assert.Equal(1000, raster.Dimensions[1]);
            Assert.All(raster.ToRowMajor(), v => Assert.True(v is 0 or 1));
            MatStructArray labels = file.Struct("raster_labels");
            var ids = (MatCellArray)labels[0, "stimulus_ID"];
            Assert.Equal(raster.Dimensions[0], ids.Count);
            Assert.All(ids.Cells, c => Assert.IsType<MatCharArray>(c));
        }
    }

    [Fact]
    public void Algonauts92Images_AreNamedInOrderWith175x175x3Pixels()
    {
        MatStructArray stimuli = MatFile.Read(SharedDataPaths.Data("algonauts2019_92/92images.mat")).Struct("visual_stimuli");
        Assert.Equal(92, stimuli.Count);
        for (int k = 0; k < 92; k++)
        {
            Assert.Equal($"image_{k + 1:00}.jpg", ((MatCharArray)stimuli[k, "names"]).Text);
            Assert.Equal([175, 175, 3], stimuli[k, "pixels"].Dimensions);
        }
    }

    [Fact]
    public void AlgonautsTargetFmri_IsDetectedAsV73AndExposedIn15x92x92MatlabOrder()
    {
        MatFile file = MatFile.Read(SharedDataPaths.Data("algonauts2019_92/target_fmri.mat"));
        Assert.Equal(MatFileFormat.Version73, file.Format);
        foreach (string name in new[] { "EVC_RDMs", "IT_RDMs" })
        {
            MatNumericArray rdms = file.Numeric(name);
            Assert.Equal([15, 92, 92], rdms.Dimensions);
            for (int s = 0; s < 15; s++)
            {
                double offDiagonal = 0;
                for (int i = 0; i < 92; i++)
                {
                    Assert.Equal(0.0, rdms.At(s, i, i));
                    for (int j = 0; j < i; j++)
                    {
                        // The stored RDMs are symmetric up to float64 rounding of the original computation.
                        Assert.Equal(rdms.At(s, i, j), rdms.At(s, j, i), 1e-12);
                        offDiagonal += Math.Abs(rdms.At(s, i, j));
                    }
                }

                Assert.True(offDiagonal > 0, $"subject {s} of {name} is all zeros");
            }

            // Subjects differ: the leading dimension really is the subject, not an RDM axis.
            Assert.NotEqual(rdms.At(0, 0, 1), rdms.At(1, 0, 1));
        }
    }
}
