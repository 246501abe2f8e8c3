namespace BioVision.Subcortical;

/// <summary>
/// The tuned parameters of one cell type of the <see cref="SubcorticalBlock"/> (a row of the reference's
/// <c>evnet/tuning/p_cell_hyperparams.csv</c> or <c>m_cell_hyperparams.csv</c>). Radii are in pixels at the reference's
/// resolution, 224 pixels over 7 degrees (32 pixels per degree); the block scales them by its resolution factor.
/// </summary>
/// <remarks>
/// <see cref="TunedP"/> and <see cref="TunedM"/> are the rows with the smallest <c>l2_error</c>, which the reference's
/// <c>get_tuned_params</c> selects (lucaspiper99/evnet e9ce227). Their values are written here as the CSV files print
/// them (pandas parses four of them one unit in the last place differently; all agree once rounded to float32, the
/// precision every tensor of the block is built in).
/// </remarks>
public sealed record SubcorticalCellParameters
{
    /// <summary>Centre radius of the difference of Gaussians, pixels (reference <c>rc_dog</c>; the Gaussian's σ is radius/√2).</summary>
    public required double CentreRadius { get; init; }

    /// <summary>Surround radius of the difference of Gaussians, pixels (reference <c>rs_dog</c>); it also sets the DoG kernel size.</summary>
    public required double SurroundRadius { get; init; }

    /// <summary>Surround peak relative to the centre peak (reference <c>ratio_dog</c>; negative for an opposing surround).</summary>
    public required double SurroundRatio { get; init; }

    /// <summary>Radius of the Gaussian pool of the contrast normalisation, pixels (reference <c>radius_cn</c>).</summary>
    public required double NormalisationRadius { get; init; }

    /// <summary>Semi-saturation constant of the contrast normalisation (reference <c>c50_cn</c>).</summary>
    public required double C50 { get; init; }

    /// <summary>Exponent of the contrast normalisation's denominator (reference <c>exp_cn</c>).</summary>
    public required double Exponent { get; init; }

    /// <summary>Output gain of the cell type's channels (reference <c>k_exc</c>).</summary>
    public required double KExc { get; init; }

    /// <summary>
    /// The tuned P cells: row 357 of <c>p_cell_hyperparams.csv</c> (l2_error 4.61236857671115): rc_dog 1.494800846305186,
    /// rs_dog 7.152799999999999, ratio_dog −0.011894632845946745, radius_cn 13.411499999999998, c50_cn 1.0, exp_cn 1.0,
    /// k_exc 5.29525198895458.
    /// </summary>
    public static SubcorticalCellParameters TunedP { get; } = new()
    {
        CentreRadius = 1.494800846305186,
        SurroundRadius = 7.152799999999999,
        SurroundRatio = -0.011894632845946745,
        NormalisationRadius = 13.411499999999998,
        C50 = 1.0,
        Exponent = 1.0,
        KExc = 5.29525198895458,
    };

    /// <summary>
    /// The tuned M cells: row 250 of <c>m_cell_hyperparams.csv</c> (l2_error 1.9623428732070065): rc_dog 2.4203904,
    /// rs_dog 17.091879253424104, ratio_dog −0.0037506100912582663, radius_cn 28.872192000000002,
    /// c50_cn 0.18501829502844522, exp_cn 0.8068704487883759, k_exc 2.8494928592250206.
    /// </summary>
    public static SubcorticalCellParameters TunedM { get; } = new()
    {
        CentreRadius = 2.4203904,
        SurroundRadius = 17.091879253424104,
        SurroundRatio = -0.0037506100912582663,
        NormalisationRadius = 28.872192000000002,
        C50 = 0.18501829502844522,
        Exponent = 0.8068704487883759,
        KExc = 2.8494928592250206,
    };

    /// <summary>Checks the parameters and returns this instance.</summary>
    /// <param name="what">The cell type, for the message ("P cells").</param>
    /// <exception cref="ArgumentException">A radius is not positive (infinity allowed: a 1-pixel kernel, as the reference), or a value is not finite.</exception>
    public SubcorticalCellParameters Validate(string what = "Cell")
    {
        if (!(CentreRadius > 0) || !(SurroundRadius > 0) || !(NormalisationRadius > 0))
        {
            throw new ArgumentException($"{what} parameters need positive radii (centre {CentreRadius}, surround {SurroundRadius}, normalisation {NormalisationRadius}).");
        }

        if (!double.IsFinite(SurroundRatio) || !double.IsFinite(C50) || !double.IsFinite(Exponent) || !double.IsFinite(KExc) || !(C50 > 0))
        {
            throw new ArgumentException($"{what} parameters need a finite surround ratio, exponent and k_exc and a positive finite c50 (got {SurroundRatio}, {Exponent}, {KExc}, {C50}).");
        }

        return this;
    }
}
