"""Tensor behaviour against PyTorch: requires_grad rules, leaves, grad/grad_fn, retain_grad, detach,
.data, item/numpy/tolist, shapes, dtype promotion, conversions, _version, repr of all dtypes.

Each case's expected output was recorded from PyTorch 2.13.0; with torch installed,
test_recorded_outputs_are_pytorchs re-checks the recording."""
import warnings

import pytest

import pyautograd
from recorded import recorded_tests

# (code, what PyTorch 2.13.0 gives: the repr of the last line, or 'ErrorType: message')
CASES = [
    ('x = torch.tensor([1, 2])\nx.requires_grad = True',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.tensor([1, 2])\nx.requires_grad_()',
     'RuntimeError: only Tensors of floating point dtype can require gradients'),
    ('torch.tensor([1, 2], requires_grad=True)',
     'RuntimeError: Only Tensors of floating point and complex dtype can require gradients'),
    ('torch.tensor([True], requires_grad=True)',
     'RuntimeError: Only Tensors of floating point and complex dtype can require gradients'),
    ('torch.arange(3, requires_grad=True)',
     'RuntimeError: Only Tensors of floating point and complex dtype can require gradients'),
    ('torch.zeros(2, dtype=torch.int32, requires_grad=True)',
     'RuntimeError: Only Tensors of floating point and complex dtype can require gradients'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.requires_grad = False',
     'SyntaxError: invalid syntax (<string>, line 1)'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.requires_grad = True\ny.requires_grad, y.is_leaf',
     'RuntimeError: you can only change requires_grad flags of leaf variables.'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.requires_grad_(False)',
     "RuntimeError: you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."),
    ('x = torch.ones(2)\nx.requires_grad_(True)\nx.requires_grad_(False)\nx.requires_grad, x.is_leaf, x.grad_fn',
     '(False, True, None)'),
    ('x = torch.ones(2, dtype=torch.float64, requires_grad=True)\nx',
     'tensor([1., 1.], dtype=torch.float64, requires_grad=True)'),
    ('torch.tensor(1.5, requires_grad=True)',
     'tensor(1.5000, requires_grad=True)'),
    ('x = torch.ones(2, requires_grad=True)\n(x.is_leaf, x.grad, x.grad_fn, x.requires_grad)',
     '(True, None, None, True)'),
    ('x = torch.ones(2)\ny = x * 2\n(y.is_leaf, y.grad_fn, y.requires_grad)',
     '(True, None, False)'),
    ('x = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\n(x.grad, y.grad, y.is_leaf)',
     '(tensor([2., 2.]), None, False)'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.grad_fn.next_functions',
     '((<AccumulateGrad object at 0x...>, 0), (None, 0))'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.grad_fn.next_functions[0][0].variable is x',
     'True'),
    ('x = torch.ones(2, requires_grad=True)\ny = x + x\n[type(n).__name__ for n, _ in y.grad_fn.next_functions]',
     "['AccumulateGrad', 'AccumulateGrad']"),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.grad_fn.name()',
     "'MulBackward0'"),
    ('x = torch.ones(2, requires_grad=True)\nx.sum().grad_fn',
     '<SumBackward0 object at 0x...>'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 3\ny.retain_grad()\n(y * y).sum().backward()\n(y.grad, y.retains_grad, x.retains_grad, x.grad)',
     '(tensor([6., 6.]), True, False, tensor([18., 18.]))'),
    ('x = torch.ones(2)\nx.retain_grad()',
     "RuntimeError: can't retain_grad on Tensor that has requires_grad=False"),
    ('x = torch.ones(2, requires_grad=True)\nx.retain_grad()\nx.retains_grad',
     'False'),
    ('x = torch.ones(2, requires_grad=True)\ny = x * 3\ny.retain_grad()\ny.retain_grad()\ny.sum().backward()\ny.grad',
     'tensor([1., 1.])'),
    ('x = torch.ones(3, requires_grad=True)\nd = x.detach()\nd[0] = 5.\n(x, d, d.requires_grad, d.is_leaf, x._version, d._version)',
     '(tensor([5., 1., 1.], requires_grad=True), tensor([5., 1., 1.]), False, True, 1, 1)'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 1\nd = y.detach()\nd.add_(1)\n(y, y._version, d._version)',
     '(tensor([2., 2., 2.], grad_fn=<MulBackward0>), 1, 1)'),
    ('x = torch.ones(3, requires_grad=True)\ny = x.sin()\ny.detach().zero_()\ny.sum().backward()',
     'None'),
    ('x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.detach_()\n(y, y.requires_grad, y.is_leaf, y.grad_fn)',
     '(tensor([2., 2., 2.]), False, True, None)'),
    ('x = torch.ones(3, requires_grad=True)\nd = x.data\nd[0] = 7.\n(x, d.requires_grad, x._version, d._version)',
     '(tensor([7., 1., 1.], requires_grad=True), False, 0, 1)'),
    ('x = torch.ones(3, requires_grad=True)\ny = x.sin()\ny.data.zero_()\ny.sum().backward()\nx.grad',
     'tensor([0.5403, 0.5403, 0.5403])'),
    ('x = torch.ones(3, requires_grad=True)\nx.data = torch.zeros(3)\nx',
     'tensor([0., 0., 0.], requires_grad=True)'),
    ('torch.tensor([1., 2.]).item()',
     'RuntimeError: a Tensor with 2 elements cannot be converted to Scalar'),
    ('torch.tensor([[3.5]]).item()',
     '3.5'),
    ('torch.tensor([]).item()',
     'RuntimeError: a Tensor with 0 elements cannot be converted to Scalar'),
    ('torch.tensor(3, dtype=torch.int64).item()',
     '3'),
    ('torch.tensor([1., 2.], requires_grad=True).numpy()',
     "RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
    ('torch.tensor([1., 2.], requires_grad=True).detach().numpy()',
     'array([1., 2.], dtype=float32)'),
    ('torch.tensor([1., 2.], requires_grad=True).tolist()',
     '[1.0, 2.0]'),
    ('torch.tensor(2.5, requires_grad=True).tolist()',
     '2.5'),
    ('float(torch.tensor([1., 2.]))',
     'ValueError: only one element tensors can be converted to Python scalars'),
    ('bool(torch.tensor([1., 2.]))',
     'RuntimeError: Boolean value of Tensor with more than one value is ambiguous'),
    ('int(torch.tensor([3.7]))',
     '3'),
    ('t = torch.zeros(2, 3, 4)\n(t.shape, t.size(), t.size(1), t.size(-1), t.dim(), t.ndim, t.numel(), len(t))',
     '(torch.Size([2, 3, 4]), torch.Size([2, 3, 4]), 3, 4, 3, 3, 24, 2)'),
    ('torch.zeros(2, 3).size(2)',
     'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'),
    ('t = torch.tensor(1.)\n(t.shape, t.dim(), t.numel())',
     '(torch.Size([]), 0, 1)'),
    ('len(torch.tensor(1.))',
     'TypeError: len() of a 0-d tensor'),
    ('torch.zeros(0, 3).shape, torch.zeros(0, 3).numel()',
     '(torch.Size([0, 3]), 0)'),
    ('(torch.tensor([1, 2]) + 1.5).dtype',
     'torch.float32'),
    ('(torch.tensor([1, 2]) * 2).dtype',
     'torch.int64'),
    ('(torch.tensor([1., 2.]) + torch.tensor([1, 2])).dtype',
     'torch.float32'),
    ('(torch.tensor([1., 2.], dtype=torch.float64) + torch.tensor([1., 2.])).dtype',
     'torch.float64'),
    ('(torch.tensor([True]) + 1).dtype',
     'torch.int64'),
    ('(torch.tensor([1, 2]) / 2).dtype',
     'torch.float32'),
    ('(torch.tensor([1, 2], dtype=torch.int32) + torch.tensor(5)).dtype',
     'torch.int32'),
    ('(torch.tensor(1.) + torch.tensor([1], dtype=torch.int64)).dtype',
     'torch.float32'),
    ('(torch.tensor([1., 2.]) * torch.tensor(2., dtype=torch.float64)).dtype',
     'torch.float32'),
    ('torch.tensor([1, 2]).float().dtype, torch.tensor([1, 2]).double().dtype',
     '(torch.float32, torch.float64)'),
    ('torch.tensor(3).dtype, torch.tensor(3.).dtype, torch.tensor(True).dtype, torch.tensor([1, 2.]).dtype',
     '(torch.int64, torch.float32, torch.bool, torch.float32)'),
    ('x = torch.ones(2, requires_grad=True)\ny = x.double()\n(y, y.dtype)',
     '(tensor([1., 1.], dtype=torch.float64, grad_fn=<ToCopyBackward0>), torch.float64)'),
    ('x = torch.ones(2, requires_grad=True)\nx.float() is x',
     'True'),
    ('x = torch.ones(2, requires_grad=True)\nx.to(torch.float32) is x',
     'True'),
    ('x = torch.ones(2, requires_grad=True)\ny = x.to(torch.float64)\ny.sum().backward()\n(x.grad, x.grad.dtype)',
     '(tensor([1., 1.]), torch.float32)'),
    ('x = torch.ones(2, requires_grad=True)\ny = x.long()\n(y, y.requires_grad, y.grad_fn)',
     '(tensor([1, 1]), False, None)'),
    ('x = torch.ones(2, requires_grad=True)\nc = x.clone()\n(c, c.is_leaf)',
     '(tensor([1., 1.], grad_fn=<CloneBackward0>), False)'),
    ('x = torch.ones(2, requires_grad=True)\nc = x.clone()\nc.sum().backward()\nx.grad',
     'tensor([1., 1.])'),
    ('x = torch.ones(2)\nc = x.clone()\nc[0] = 3\nx',
     'tensor([1., 1.])'),
    ('x = torch.ones(2)\nv0 = x._version\nx.add_(1)\nx[0] = 2\nx.mul_(2)\n(v0, x._version)',
     '(0, 3)'),
    ('x = torch.ones(2)\nx += 1\nx._version',
     '1'),
    ('x = torch.ones(2)\ny = x[0:1]\ny.add_(1)\n(x, x._version, y._version)',
     '(tensor([2., 1.]), 1, 1)'),
    ('x = torch.ones(2)\nx.zero_()\nx._version',
     '1'),
    ('torch.tensor(3.)',
     'tensor(3.)'),
    ('torch.tensor(-0.5)',
     'tensor(-0.5000)'),
    ('torch.tensor(3)',
     'tensor(3)'),
    ('torch.tensor(True)',
     'tensor(True)'),
    ('torch.tensor([])',
     'tensor([])'),
    ('torch.zeros(0, 3)',
     'tensor([], size=(0, 3))'),
    ('torch.zeros(2, 0)',
     'tensor([], size=(2, 0))'),
    ('torch.tensor([], dtype=torch.int64)',
     'tensor([], dtype=torch.int64)'),
    ('torch.tensor([1., 2., 3.])',
     'tensor([1., 2., 3.])'),
    ('torch.tensor([1.5, -2.25, 3.])',
     'tensor([ 1.5000, -2.2500,  3.0000])'),
    ('torch.tensor([-1., -2.])',
     'tensor([-1., -2.])'),
    ('torch.tensor([1, 2, 3])',
     'tensor([1, 2, 3])'),
    ('torch.tensor([-1, 20, 300])',
     'tensor([ -1,  20, 300])'),
    ('torch.tensor([True, False])',
     'tensor([ True, False])'),
    ('torch.tensor([1., 2.], dtype=torch.float64)',
     'tensor([1., 2.], dtype=torch.float64)'),
    ('torch.tensor([1.5], dtype=torch.float16)',
     'tensor([1.5000], dtype=torch.float16)'),
    ('torch.tensor([1, 2], dtype=torch.int32)',
     'tensor([1, 2], dtype=torch.int32)'),
    ('torch.tensor([1, 2], dtype=torch.int16)',
     'tensor([1, 2], dtype=torch.int16)'),
    ('torch.tensor([1, 2], dtype=torch.int8)',
     'tensor([1, 2], dtype=torch.int8)'),
    ('torch.tensor([1, 2], dtype=torch.uint8)',
     'tensor([1, 2], dtype=torch.uint8)'),
    ('torch.tensor([1+2j, 3-1j])',
     'tensor([1.+2.j, 3.-1.j])'),
    ('torch.tensor([1.5+2j], dtype=torch.complex128)',
     'tensor([1.5000+2.j], dtype=torch.complex128)'),
    ('torch.tensor(2.5, dtype=torch.float64)',
     'tensor(2.5000, dtype=torch.float64)'),
    ('torch.tensor(7, dtype=torch.int32)',
     'tensor(7, dtype=torch.int32)'),
    ('torch.tensor([1e-5, 1.])',
     'tensor([1.0000e-05, 1.0000e+00])'),
    ('torch.tensor([1e10, 1.])',
     'tensor([1.0000e+10, 1.0000e+00])'),
    ('torch.tensor([123456789.])',
     'tensor([1.2346e+08])'),
    ('torch.tensor([1e-10])',
     'tensor([1.0000e-10])'),
    ('torch.tensor([0.1, 0.25, 100.])',
     'tensor([  0.1000,   0.2500, 100.0000])'),
    ('torch.tensor([1000., 1e-3])',
     'tensor([1.0000e+03, 1.0000e-03])'),
    ("torch.tensor([float('nan'), float('inf'), -float('inf'), 1.])",
     'tensor([nan, inf, -inf, 1.])'),
    ("torch.tensor([float('nan')])",
     'tensor([nan])'),
    ('torch.tensor([1., 2.], requires_grad=True)',
     'tensor([1., 2.], requires_grad=True)'),
    ('torch.tensor(2., requires_grad=True) * 2',
     'tensor(4., grad_fn=<MulBackward0>)'),
    ('torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)',
     'tensor([1., 2.], dtype=torch.float64, requires_grad=True)'),
    ('torch.arange(12.).reshape(3, 4)',
     'tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])'),
    ('torch.arange(24).reshape(2, 3, 4)',
     'tensor([[[ 0,  1,  2,  3],\n         [ 4,  5,  6,  7],\n         [ 8,  9, 10, 11]],\n\n        [[12, 13, 14, 15],\n         [16, 17, 18, 19],\n         [20, 21, 22, 23]]])'),
    ('torch.arange(2000.)',
     'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])'),
    ('torch.arange(1200).reshape(30, 40)',
     'tensor([[   0,    1,    2,  ...,   37,   38,   39],\n        [  40,   41,   42,  ...,   77,   78,   79],\n        [  80,   81,   82,  ...,  117,  118,  119],\n        ...,\n        [1080, 1081, 1082,  ..., 1117, 1118, 1119],\n        [1120, 1121, 1122,  ..., 1157, 1158, 1159],\n        [1160, 1161, 1162,  ..., 1197, 1198, 1199]])'),
    ('torch.arange(1001.)',
     'tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])'),
    ('torch.arange(1000.)',
     'tensor([  0.,   1.,   2.,   3.,   4.,   5.,   6.,   7.,   8.,   9.,  10.,  11.,\n         12.,  13.,  14.,  15.,  16.,  17.,  18.,  19.,  20.,  21.,  22.,  23.,\n         24.,  25.,  26.,  27.,  28.,  29.,  30.,  31.,  32.,  33.,  34.,  35.,\n         36.,  37.,  38.,  39.,  40.,  41.,  42.,  43.,  44.,  45.,  46.,  47.,\n         48.,  49.,  50.,  51.,  52.,  53.,  54.,  55.,  56.,  57.,  58.,  59.,\n         60.,  61.,  62.,  63.,  64.,  65.,  66.,  67.,  68.,  69.,  70.,  71.,\n         72.,  73.,  74.,  75.,  76.,  77.,  78.,  79.,  80.,  81.,  82.,  83.,\n         84.,  85.,  86.,  87.,  88.,  89.,  90.,  91.,  92.,  93.,  94.,  95.,\n         96.,  97.,  98.,  99., 100., 101., 102., 103., 104., 105., 106., 107.,\n        108., 109., 110., 111., 112., 113., 114., 115., 116., 117., 118., 119.,\n        120., 121., 122., 123., 124., 125., 126., 127., 128., 129., 130., 131.,\n        132., 133., 134., 135., 136., 137., 138., 139., 140., 141., 142., 143.,\n        144., 145., 146., 147., 148., 149., 150., 151., 152., 153., 154., 155.,\n        156., 157., 158., 159., 160., 161., 162., 163., 164., 165., 166., 167.,\n        168., 169., 170., 171., 172., 173., 174., 175., 176., 177., 178., 179.,\n        180., 181., 182., 183., 184., 185., 186., 187., 188., 189., 190., 191.,\n        192., 193., 194., 195., 196., 197., 198., 199., 200., 201., 202., 203.,\n        204., 205., 206., 207., 208., 209., 210., 211., 212., 213., 214., 215.,\n        216., 217., 218., 219., 220., 221., 222., 223., 224., 225., 226., 227.,\n        228., 229., 230., 231., 232., 233., 234., 235., 236., 237., 238., 239.,\n        240., 241., 242., 243., 244., 245., 246., 247., 248., 249., 250., 251.,\n        252., 253., 254., 255., 256., 257., 258., 259., 260., 261., 262., 263.,\n        264., 265., 266., 267., 268., 269., 270., 271., 272., 273., 274., 275.,\n        276., 277., 278., 279., 280., 281., 282., 283., 284., 285., 286., 287.,\n        288., 289., 290., 291., 292., 293., 294., 295., 296., 297., 298., 299.,\n        300., 301., 302., 303., 304., 305., 306., 307., 308., 309., 310., 311.,\n        312., 313., 314., 315., 316., 317., 318., 319., 320., 321., 322., 323.,\n        324., 325., 326., 327., 328., 329., 330., 331., 332., 333., 334., 335.,\n        336., 337., 338., 339., 340., 341., 342., 343., 344., 345., 346., 347.,\n        348., 349., 350., 351., 352., 353., 354., 355., 356., 357., 358., 359.,\n        360., 361., 362., 363., 364., 365., 366., 367., 368., 369., 370., 371.,\n        372., 373., 374., 375., 376., 377., 378., 379., 380., 381., 382., 383.,\n        384., 385., 386., 387., 388., 389., 390., 391., 392., 393., 394., 395.,\n        396., 397., 398., 399., 400., 401., 402., 403., 404., 405., 406., 407.,\n        408., 409., 410., 411., 412., 413., 414., 415., 416., 417., 418., 419.,\n        420., 421., 422., 423., 424., 425., 426., 427., 428., 429., 430., 431.,\n        432., 433., 434., 435., 436., 437., 438., 439., 440., 441., 442., 443.,\n        444., 445., 446., 447., 448., 449., 450., 451., 452., 453., 454., 455.,\n        456., 457., 458., 459., 460., 461., 462., 463., 464., 465., 466., 467.,\n        468., 469., 470., 471., 472., 473., 474., 475., 476., 477., 478., 479.,\n        480., 481., 482., 483., 484., 485., 486., 487., 488., 489., 490., 491.,\n        492., 493., 494., 495., 496., 497., 498., 499., 500., 501., 502., 503.,\n        504., 505., 506., 507., 508., 509., 510., 511., 512., 513., 514., 515.,\n        516., 517., 518., 519., 520., 521., 522., 523., 524., 525., 526., 527.,\n        528., 529., 530., 531., 532., 533., 534., 535., 536., 537., 538., 539.,\n        540., 541., 542., 543., 544., 545., 546., 547., 548., 549., 550., 551.,\n        552., 553., 554., 555., 556., 557., 558., 559., 560., 561., 562., 563.,\n        564., 565., 566., 567., 568., 569., 570., 571., 572., 573., 574., 575.,\n        576., 577., 578., 579., 580., 581., 582., 583., 584., 585., 586., 587.,\n        588., 589., 590., 591., 592., 593., 594., 595., 596., 597., 598., 599.,\n        600., 601., 602., 603., 604., 605., 606., 607., 608., 609., 610., 611.,\n        612., 613., 614., 615., 616., 617., 618., 619., 620., 621., 622., 623.,\n        624., 625., 626., 627., 628., 629., 630., 631., 632., 633., 634., 635.,\n        636., 637., 638., 639., 640., 641., 642., 643., 644., 645., 646., 647.,\n        648., 649., 650., 651., 652., 653., 654., 655., 656., 657., 658., 659.,\n        660., 661., 662., 663., 664., 665., 666., 667., 668., 669., 670., 671.,\n        672., 673., 674., 675., 676., 677., 678., 679., 680., 681., 682., 683.,\n        684., 685., 686., 687., 688., 689., 690., 691., 692., 693., 694., 695.,\n        696., 697., 698., 699., 700., 701., 702., 703., 704., 705., 706., 707.,\n        708., 709., 710., 711., 712., 713., 714., 715., 716., 717., 718., 719.,\n        720., 721., 722., 723., 724., 725., 726., 727., 728., 729., 730., 731.,\n        732., 733., 734., 735., 736., 737., 738., 739., 740., 741., 742., 743.,\n        744., 745., 746., 747., 748., 749., 750., 751., 752., 753., 754., 755.,\n        756., 757., 758., 759., 760., 761., 762., 763., 764., 765., 766., 767.,\n        768., 769., 770., 771., 772., 773., 774., 775., 776., 777., 778., 779.,\n        780., 781., 782., 783., 784., 785., 786., 787., 788., 789., 790., 791.,\n        792., 793., 794., 795., 796., 797., 798., 799., 800., 801., 802., 803.,\n        804., 805., 806., 807., 808., 809., 810., 811., 812., 813., 814., 815.,\n        816., 817., 818., 819., 820., 821., 822., 823., 824., 825., 826., 827.,\n        828., 829., 830., 831., 832., 833., 834., 835., 836., 837., 838., 839.,\n        840., 841., 842., 843., 844., 845., 846., 847., 848., 849., 850., 851.,\n        852., 853., 854., 855., 856., 857., 858., 859., 860., 861., 862., 863.,\n        864., 865., 866., 867., 868., 869., 870., 871., 872., 873., 874., 875.,\n        876., 877., 878., 879., 880., 881., 882., 883., 884., 885., 886., 887.,\n        888., 889., 890., 891., 892., 893., 894., 895., 896., 897., 898., 899.,\n        900., 901., 902., 903., 904., 905., 906., 907., 908., 909., 910., 911.,\n        912., 913., 914., 915., 916., 917., 918., 919., 920., 921., 922., 923.,\n        924., 925., 926., 927., 928., 929., 930., 931., 932., 933., 934., 935.,\n        936., 937., 938., 939., 940., 941., 942., 943., 944., 945., 946., 947.,\n        948., 949., 950., 951., 952., 953., 954., 955., 956., 957., 958., 959.,\n        960., 961., 962., 963., 964., 965., 966., 967., 968., 969., 970., 971.,\n        972., 973., 974., 975., 976., 977., 978., 979., 980., 981., 982., 983.,\n        984., 985., 986., 987., 988., 989., 990., 991., 992., 993., 994., 995.,\n        996., 997., 998., 999.])'),
    ('torch.linspace(-1, 1, 7)',
     'tensor([-1.0000e+00, -6.6667e-01, -3.3333e-01, -2.9802e-08,  3.3333e-01,\n         6.6667e-01,  1.0000e+00])'),
    ('torch.linspace(-1, 1, 7, dtype=torch.float64)',
     'tensor([-1.0000e+00, -6.6667e-01, -3.3333e-01,  5.5511e-17,  3.3333e-01,\n         6.6667e-01,  1.0000e+00], dtype=torch.float64)'),
    ('torch.tensor([[1e-8, 1.], [2., 3.]])',
     'tensor([[1.0000e-08, 1.0000e+00],\n        [2.0000e+00, 3.0000e+00]])'),
    ('torch.tensor([0.])',
     'tensor([0.])'),
    ('torch.tensor([-0.])',
     'tensor([-0.])'),
    ('torch.tensor([12345.678])',
     'tensor([12345.6777])'),
    ('torch.tensor([1.23456789])',
     'tensor([1.2346])'),
    ('torch.ones(2, 3, requires_grad=True) * 2',
     'tensor([[2., 2., 2.],\n        [2., 2., 2.]], grad_fn=<MulBackward0>)'),
    ('str(torch.tensor([1., 2.]))',
     "'tensor([1., 2.])'"),
    ('torch.tensor([[1., 2.]]).T',
     'tensor([[1.],\n        [2.]])'),
    ('torch.tensor(3.).shape',
     'torch.Size([])'),
    ('torch.zeros(2, 3).shape',
     'torch.Size([2, 3])'),
    ('torch.float32',
     'torch.float32'),
    ('torch.int64',
     'torch.int64'),
    ('torch.tensor([1., 2.]).dtype',
     'torch.float32'),
    ("f'{torch.tensor(2.5):.2f}'",
     "'2.50'"),
    ('torch.tensor([2**40, 1])',
     'tensor([1099511627776,             1])'),
    ('torch.tensor([1e20, -1e-20], dtype=torch.float64)',
     'tensor([ 1.0000e+20, -1.0000e-20], dtype=torch.float64)'),
]


test_same_as_pytorch, test_recorded_outputs_are_pytorchs = recorded_tests(CASES)


# ---- hand-written checks ----------------------------------------------------------------------

def test_detach_shares_memory_and_version_counter():
    x = pyautograd.ones(3, requires_grad=True)
    d = x.detach()
    assert d.data_ptr() == x.data_ptr()
    d.add_(1)
    assert x._version == d._version == 1
    assert x.tolist() == [2.0, 2.0, 2.0]
    assert d.requires_grad is False and d.is_leaf and d.grad_fn is None


def test_detach_in_place_makes_a_leaf():
    x = pyautograd.ones(3, requires_grad=True)
    y = x * 2
    assert y.detach_() is y
    assert y.is_leaf and not y.requires_grad and y.grad_fn is None


def test_data_is_an_untracked_alias():
    x = pyautograd.ones(3, requires_grad=True)
    d = x.data
    assert d.data_ptr() == x.data_ptr() and not d.requires_grad
    d.mul_(3)
    assert x._version == 0  # .data has its own version counter, as in PyTorch
    assert x.tolist() == [3.0, 3.0, 3.0]


def test_failed_requires_grad_changes_nothing():
    x = pyautograd.tensor([1, 2])
    with pytest.raises(RuntimeError):
        x.requires_grad_()
    assert x.requires_grad is False
    y = pyautograd.ones(2, requires_grad=True) * 2
    with pytest.raises(RuntimeError):
        y.requires_grad = False
    assert y.requires_grad and y.grad_fn is not None


def test_numpy_of_detached_shares_memory():
    x = pyautograd.ones(3, requires_grad=True)
    a = x.detach().numpy()
    a[0] = 5
    assert x[0].item() == 5.0


def test_float_double_to_keep_gradients_flowing():
    x = pyautograd.tensor([1.0, 2.0], requires_grad=True)
    y = x.double() * 3
    assert y.dtype == pyautograd.float64
    y.sum().backward()
    assert x.grad.dtype == pyautograd.float32 and x.grad.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_repr_matches_pytorch_on_random_values(dtype):
    """Differential: reprs of random tensors over many magnitudes (sci mode, summarization)."""
    torch = pytest.importorskip("torch")
    import numpy as np
    rng = np.random.default_rng(0)
    for scale in [1e-12, 1e-5, 1e-3, 0.1, 1.0, 7.0, 1e3, 1e5, 1e9, 1e20]:
        for shape in [(), (1,), (5,), (3, 4), (2, 3, 2), (1500,), (40, 50)]:
            a = (rng.standard_normal(shape) * scale).astype(dtype)
            if a.size > 3:
                a.reshape(-1)[0] = np.float32(scale).astype(dtype)
            ours = repr(pyautograd.tensor(a))
            theirs = repr(torch.tensor(a))
            assert ours == theirs, (scale, shape)
            ints = np.round(a).astype(np.int64) if scale < 1e15 else None
            if ints is not None:
                assert repr(pyautograd.tensor(ints)) == repr(torch.tensor(ints))


def test_non_leaf_grad_access_warns_like_pytorch():
    x = pyautograd.tensor(2., requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning, match=r"^The .grad attribute of a Tensor that is not a leaf Tensor is being "
                                         r"accessed\. .* See github.com/pytorch/pytorch/pull/30531 for more "
                                         r"information\.$"):
        assert y.grad is None
    y.retain_grad()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad is None and x.grad is None     # no warning for leaves or retained non-leaves


def test_rand_after_manual_seed_gives_pytorchs_values():
    torch = pyautograd
    torch.manual_seed(0)
    assert repr(torch.rand(5)) == "tensor([0.4963, 0.7682, 0.0885, 0.1320, 0.3074])"
    torch.manual_seed(42)
    state = torch.get_rng_state()
    a = torch.rand(3)
    assert repr(a) == "tensor([0.8823, 0.9150, 0.3829])"
    torch.set_rng_state(state)
    assert torch.equal(torch.rand(3), a)
    g = torch.Generator().manual_seed(7)
    assert repr(torch.rand(3, generator=g)) == "tensor([0.5349, 0.1988, 0.6592])"


def test_rand_matches_pytorch_bit_for_bit():
    torch = pytest.importorskip("torch")
    for seed in [0, 1, 123456789, 2 ** 40 + 5]:
        for dt, pdt in [(torch.float32, pyautograd.float32), (torch.float64, pyautograd.float64)]:
            torch.manual_seed(seed)
            pyautograd.manual_seed(seed)
            t = torch.rand(37, 3, dtype=dt).numpy()
            o = pyautograd.rand(37, 3, dtype=pdt).numpy()
            assert (t == o).all() and t.dtype == o.dtype


def test_randn_after_manual_seed_gives_pytorchs_values():
    torch = pyautograd
    torch.manual_seed(0)
    assert repr(torch.randn(3)) == "tensor([ 1.5410, -0.2934, -2.1788])"
    torch.manual_seed(0)
    x = torch.randn(3, requires_grad=True)          # the seed-000 tutorial's example
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    assert repr(y) == "tensor([  788.9900,  -150.2356, -1115.5402], grad_fn=<MulBackward0>)"


def test_randn_matches_pytorch():
    torch = pytest.importorskip("torch")
    import numpy as np
    for seed in [0, 3, 99]:
        torch.manual_seed(seed)
        pyautograd.manual_seed(seed)
        for n in [1, 3, 5, 15, 16, 37]:            # small sizes share a Box-Muller cache across calls
            t = torch.randn(n, dtype=torch.float64).numpy()
            o = pyautograd.randn(n, dtype=pyautograd.float64).numpy()
            assert (t == o).all()
            t = torch.randn(n).numpy()
            o = pyautograd.randn(n).numpy()
            if n < 16:
                assert (t == o).all()
            else:                                     # PyTorch's vectorized float32 math: within 2 ulp
                np.testing.assert_allclose(o, t, rtol=0, atol=4e-7 * max(1.0, np.abs(t).max()))


def test_resize_as_torch():
    import pyautograd as pa
    x = pa.arange(6.0)
    assert x.resize_(2, 2) is x and x.tolist() == [[0.0, 1.0], [2.0, 3.0]] and x._version == 1
    x = pa.arange(3.0)
    assert tuple(x.resize_(pa.Size([5])).shape) == (5,) and x[:3].tolist() == [0.0, 1.0, 2.0]
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        pa.ones(2, requires_grad=True).resize_(3)
    out = pa.empty(0)
    assert pa.special.erf(pa.ones(3), out=out) is out and tuple(out.shape) == (3,)
