namespace BioVision.Rsa.Cka;

/// <summary>The estimator of the Hilbert–Schmidt independence criterion (HSIC) used inside CKA.</summary>
public enum HsicEstimator
{
    /// <summary>
    /// The biased (V-statistic) estimator tr(KHLH)/(n-1)² of Gretton et al. 2005, as in Kornblith et al. 2019's
    /// linear CKA. Its CKA is biased upwards when features outnumber examples.
    /// </summary>
    Biased,

    /// <summary>
    /// The unbiased (U-statistic) estimator of Song et al. 2012, used by Nguyen, Raghu &amp; Kornblith 2021 for minibatch CKA.
    /// Needs at least 4 examples; CKA can come out slightly negative for unrelated representations.
    /// </summary>
    Unbiased,
}
