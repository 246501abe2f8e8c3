using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>
/// Neural predictivity as Brain-Score computes it (Schrimpf et al. 2018): fit a linear map (PLS or ridge) from model
/// features to neural responses on training stimuli, predict held-out stimuli, take Pearson r per neuron, the median
/// over neurons, and the mean over splits; optionally divide by a noise ceiling.
/// </summary>
public static class NeuralPredictivity
{
    /// <summary>Cross-validated predictivity of <paramref name="responses"/> from <paramref name="features"/>.</summary>
    /// <param name="features">Model features, stimuli × features.</param>
    /// <param name="responses">Neural responses, stimuli × neurons (same stimulus order).</param>
    /// <param name="options">Regression and split options; Brain-Score's defaults when null.</param>
    /// <param name="strata">Optional label per stimulus (e.g. object name) for stratified splits.</param>
    /// <param name="ceiling">Optional noise ceiling (e.g. <see cref="SplitHalfReliability"/>'s median) for the ceiled score.</param>
    /// <returns>The score, its spread over splits and per-neuron correlations.</returns>
    /// <remarks>Neurons whose held-out prediction or response is constant give r = NaN in that split and are left out of that split's median.</remarks>
    public static PredictivityResult Evaluate(double[,] features, double[,] responses, PredictivityOptions? options = null, IReadOnlyList<string>? strata = null, double? ceiling = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(responses);
        options ??= new PredictivityOptions();
        Matrix<double> x = ColumnMajor.FromArray(features), y = ColumnMajor.FromArray(responses);
        RegressionInputs.Validate(x, y);
        IReadOnlyList<TrainTestSplit> splits = CrossValidation.Create(x.RowCount, options, strata);
        int neurons = y.ColumnCount;
        var perSplit = new double[splits.Count];
        var sums = new double[neurons];
        var counts = new int[neurons];
        for (int s = 0; s < splits.Count; s++)
        {
            TrainTestSplit split = splits[s];
            Matrix<double> xTrain = Rows(x, split.Train), yTrain = Rows(y, split.Train);
            Matrix<double> xTest = Rows(x, split.Test), yTest = Rows(y, split.Test);
            Matrix<double> predicted = options.Regression == RegressionKind.Pls
                ? PlsRegression.Fit(xTrain, yTrain, options.Pls).Predict(xTest)
                : RidgeRegression.Fit(xTrain, yTrain, options.Ridge).Predict(xTest);
            var r = new double[neurons];
            for (int j = 0; j < neurons; j++)
            {
                r[j] = NeuronStatistics.Pearson(predicted.Column(j).AsArray() ?? predicted.Column(j).ToArray(), yTest.Column(j).ToArray());
                if (!double.IsNaN(r[j]))
                {
                    sums[j] += r[j];
                    counts[j]++;
                }
            }

            perSplit[s] = NeuronStatistics.NanMedian(r);
        }

        double score = perSplit.Average();
        double error = Math.Sqrt(perSplit.Sum(v => (v - score) * (v - score)) / Math.Max(1, perSplit.Length - 1));
        double[] perNeuron = Enumerable.Range(0, neurons).Select(j => counts[j] > 0 ? sums[j] / counts[j] : double.NaN).ToArray();
        return new PredictivityResult(score, error, perSplit, perNeuron, ceiling);
    }

    /// <summary>A score divided by its noise ceiling (Brain-Score's ceiled score).</summary>
    /// <param name="score">Raw score.</param>
    /// <param name="ceiling">Ceiling, positive.</param>
    public static double Ceil(double score, double ceiling)
    {
        if (!(ceiling > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ceiling), $"A noise ceiling must be positive; got {ceiling}.");
        }

        return score / ceiling;
    }

    private static Matrix<double> Rows(Matrix<double> m, IReadOnlyList<int> rows) => ColumnMajor.Rows(m, rows);
}
