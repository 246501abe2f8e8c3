namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// Per-neuron property extraction of the Marques et al. (2021) benchmarks from calibrated rates, one neuron at a time
/// (the curves are short; the heavy work — recording, averaging, calibration, DC and F1 — is done on tensors before).
/// Each benchmark keeps its own neurons, as the reference's per-benchmark response criteria do.
/// </summary>
internal static class PropertyExtractor
{
    /// <summary>DC and F1 arrays are row-major <c>[units, conditions...]</c> without the phase dimension.</summary>
    public static Dictionary<string, double[]> Extract(
        double[] baseline,
        (double[] Dc, double[] F1) orientation,
        (double[] Dc, double[] F1) spatialFrequency,
        (double[] Dc, double[] F1) size,
        double threshold)
    {
        int units = baseline.Length;
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string key, double v)
        {
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }

            list.Add(v);
        }

        var orientations = MarquesStimuli.Orientations;
        var sfs = MarquesStimuli.SpatialFrequencies;
        var radii = MarquesStimuli.Radii;
        const int oriConditions = 3 * 4 * 12, sfConditions = 2 * 22 * 6, sizeConditions = 12 * 4 * 6;
        for (int u = 0; u < units; u++)
        {
            // Orientation set [cycles 3, sf 4, orientation 12]: De Valois 1982a and Ringach 2002 (DC, not baseline-subtracted).
            var dc = new ReadOnlySpan<double>(orientation.Dc, u * oriConditions, oriConditions);
            var f1 = new ReadOnlySpan<double>(orientation.F1, u * oriConditions, oriConditions);
            int best = ArgMax(dc);
            double maxDc = dc[best];
            int curveStart = best / 12 * 12;
            var curve = dc.Slice(curveStart, 12).ToArray();
            if (maxDc > baseline[u] + threshold)
            {
                double pref = TuningCurves.OrientationTuning(curve, orientations, TuningCurves.SmoothFilter, 0.5).PreferredOrientation;
                Add(V1PropertyNames.PreferredOrientation, pref >= 157.5 ? pref - 180 : pref);
                double bandwidth = TuningCurves.OrientationTuning(curve, orientations, TuningCurves.HanningFilter, 0.707).Bandwidth / 2;
                Add(V1PropertyNames.CircularVariance, TuningCurves.CircularVariance(curve, orientations));
                Add(V1PropertyNames.OrientationBandwidth, bandwidth);
                Add(V1PropertyNames.OrthogonalPreferredRatio, TuningCurves.OrthogonalPreferredRatio(curve));
                Add(V1PropertyNames.ModulationRatio, f1[best] / maxDc);
                Add(V1PropertyNames.MaxDc, maxDc);
            }

            // Spatial-frequency set [radius 2, sf 22, orientation 6].
            var sdc = new ReadOnlySpan<double>(spatialFrequency.Dc, u * sfConditions, sfConditions);
            var sf1 = new ReadOnlySpan<double>(spatialFrequency.F1, u * sfConditions, sfConditions);

            // De Valois 1982b: DC − baseline and F1, the preferred (radius, orientation, component).
            var (bestB, maxB) = ArgMaxTwoComponents(sdc, sf1, baseline[u]);
            if (maxB > threshold)
            {
                int component = bestB % 2, condition = bestB / 2;
                int r = condition / (22 * 6), o = condition % 6;
                var sfCurve = new double[22];
                for (int s = 0; s < 22; s++)
                {
                    int k = (r * 22 * 6) + (s * 6) + o;
                    sfCurve[s] = component == 0 ? sdc[k] - baseline[u] : sf1[k];
                }

                Add(V1PropertyNames.PeakSpatialFrequency, TuningCurves.SpatialFrequencyTuning(sfCurve, sfs, TuningCurves.SmoothFilter).PeakFrequency);
            }

            // Schiller 1976: DC only, not baseline-subtracted.
            int bestS = ArgMax(sdc);
            if (sdc[bestS] > baseline[u] + threshold)
            {
                int r = bestS / (22 * 6), o = bestS % 6;
                var sfCurve = new double[22];
                for (int s = 0; s < 22; s++)
                {
                    sfCurve[s] = sdc[(r * 22 * 6) + (s * 6) + o];
                }

                double bandwidth = TuningCurves.SpatialFrequencyTuning(sfCurve, sfs, TuningCurves.SmoothFilter).Bandwidth;
                Add(V1PropertyNames.SpatialFrequencySelective, double.IsNaN(bandwidth) ? 0 : 1);
                Add(V1PropertyNames.SpatialFrequencyBandwidth, bandwidth);
            }

            // Size set [radius 12, sf 4, orientation 6]: Cavanaugh 2002, DC − baseline and F1.
            var zdc = new ReadOnlySpan<double>(size.Dc, u * sizeConditions, sizeConditions);
            var zf1 = new ReadOnlySpan<double>(size.F1, u * sizeConditions, sizeConditions);
            var (bestC, maxC) = ArgMaxTwoComponents(zdc, zf1, baseline[u]);
            if (maxC > threshold)
            {
                int component = bestC % 2, condition = bestC / 2;
                int so = condition % (4 * 6);
                var sizeCurve = new double[12];
                for (int r = 0; r < 12; r++)
                {
                    int k = (r * 4 * 6) + so;
                    sizeCurve[r] = component == 0 ? zdc[k] - baseline[u] : zf1[k];
                }

                var (ssi, gsf, surround) = TuningCurves.SizeTuning(sizeCurve, radii);
                Add(V1PropertyNames.SurroundSuppressionIndex, ssi);
                Add(V1PropertyNames.GratingSummationField, gsf);
                Add(V1PropertyNames.SurroundDiameter, surround);
            }
        }

        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (string key in MarquesDistributions.All.Select(d => d.Name).Concat(V1PropertyNames.Unscored))
        {
            result[key] = values.TryGetValue(key, out var list) ? list.ToArray() : [];
        }

        return result;
    }

    // The reference stacks DC − baseline and F1 as a last axis of length 2 and takes numpy's argmax (first maximum in
    // row-major order): index = 2 · condition + component.
    private static (int Index, double Max) ArgMaxTwoComponents(ReadOnlySpan<double> dc, ReadOnlySpan<double> f1, double baseline)
    {
        int best = 0;
        double max = dc[0] - baseline;
        for (int k = 0; k < dc.Length; k++)
        {
            double a = dc[k] - baseline;
            if (a > max)
            {
                max = a;
                best = 2 * k;
            }

            if (f1[k] > max)
            {
                max = f1[k];
                best = (2 * k) + 1;
            }
        }

        return (best, max);
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
