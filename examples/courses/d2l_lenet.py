"""d2l.ai, chapter "卷积神经网络（LeNet）" (Convolutional Neural Networks (LeNet)), as the book writes it
with PyTorch: the LeNet Sequential, the layer-by-layer output shapes, evaluate_accuracy_gpu and
train_ch6 (Xavier init, SGD with lr 0.9, ten epochs). The d2l helpers it calls (Accumulator,
accuracy, Timer, try_gpu) are written out as the book defines them; the book's Animator plots, the
one here prints each epoch's point. Fashion-MNIST cannot be downloaded here, so
load_data_fashion_mnist builds a generated stand-in of the same shapes (10 classes of noisy 28x28
block-pattern images in [0, 1]; 16,000 of them: the sigmoid LeNet needs ~600 steps to leave its
plateau at the chance loss, as it does on Fashion-MNIST). Run with torch or with
`python -m pyautograd.run d2l_lenet.py`."""
import time

import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)


def load_data_fashion_mnist(batch_size):
    """A generated Fashion-MNIST stand-in: (train_iter, test_iter) of 1x28x28 images in [0, 1]."""
    # coarse black-and-white shapes (7x7 blocks of 4x4 pixels) that the 5x5 convolutions can see
    prototypes = torch.rand(10, 1, 7, 7).round().repeat_interleave(4, 2).repeat_interleave(4, 3)

    def make(n):
        y = torch.randint(0, 10, (n,))
        X = (prototypes[y] + 0.6 * torch.randn(n, 1, 28, 28)).clamp(0, 1)
        return data.TensorDataset(X, y)
    return (data.DataLoader(make(16000), batch_size, shuffle=True),
            data.DataLoader(make(1000), batch_size, shuffle=False))


class Accumulator:  #@save
    """在n个变量上累加"""
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):  #@save
    """计算预测正确的数量"""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


class Timer:  #@save
    """记录多次运行时间"""
    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        """启动计时器"""
        self.tik = time.time()

    def stop(self):
        """停止计时器并将时间记录在列表中"""
        self.times.append(time.time() - self.tik)
        return self.times[-1]

    def sum(self):
        """返回时间总和"""
        return sum(self.times)


def try_gpu(i=0):  #@save
    """如果存在，则返回gpu(i)，否则返回cpu()"""
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f'cuda:{i}')
    return torch.device('cpu')


class Animator:
    """The book's Animator draws the curves; this one prints the point added at each epoch's end."""
    def __init__(self, xlabel=None, xlim=None, legend=None):
        self.legend = legend

    def add(self, x, y):
        if float(x).is_integer():
            print(f'epoch {x:g}: ' + ', '.join(f'{name} {v:.3f}' for name, v in zip(self.legend, y)
                                               if v is not None))


net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.Sigmoid(),
    nn.Linear(84, 10))

X = torch.rand(size=(1, 1, 28, 28), dtype=torch.float32)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape: \t', X.shape)

batch_size = 256
train_iter, test_iter = load_data_fashion_mnist(batch_size=batch_size)


def evaluate_accuracy_gpu(net, data_iter, device=None):  #@save
    """使用GPU计算模型在数据集上的精度"""
    if isinstance(net, nn.Module):
        net.eval()  # 设置为评估模式
        if not device:
            device = next(iter(net.parameters())).device
    # 正确预测的数量，总预测的数量
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            if isinstance(X, list):
                # BERT微调所需的（之后将介绍）
                X = [x.to(device) for x in X]
            else:
                X = X.to(device)
            y = y.to(device)
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


#@save
def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    """用GPU训练模型(在第六章定义)"""
    def init_weights(m):
        if type(m) == nn.Linear or type(m) == nn.Conv2d:
            nn.init.xavier_uniform_(m.weight)
    net.apply(init_weights)
    print('training on', device)
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    animator = Animator(xlabel='epoch', xlim=[1, num_epochs],
                        legend=['train loss', 'train acc', 'test acc'])
    timer, num_batches = Timer(), len(train_iter)
    for epoch in range(num_epochs):
        # 训练损失之和，训练准确率之和，样本数
        metric = Accumulator(3)
        net.train()
        for i, (X, y) in enumerate(train_iter):
            timer.start()
            optimizer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], accuracy(y_hat, y), X.shape[0])
            timer.stop()
            train_l = metric[0] / metric[2]
            train_acc = metric[1] / metric[2]
            if (i + 1) % (num_batches // 5) == 0 or i == num_batches - 1:
                animator.add(epoch + (i + 1) / num_batches,
                             (train_l, train_acc, None))
        test_acc = evaluate_accuracy_gpu(net, test_iter)
        animator.add(epoch + 1, (None, None, test_acc))
    print(f'loss {train_l:.3f}, train acc {train_acc:.3f}, '
          f'test acc {test_acc:.3f}')
    print(f'{metric[2] * num_epochs / timer.sum():.1f} examples/sec '
          f'on {str(device)}')
    # it trains: from chance (loss 2.30, accuracy 0.1) to a good fit of the generated classes
    assert train_l < 1.0 and test_acc > 0.7, (train_l, test_acc)


lr, num_epochs = 0.9, 10
train_ch6(net, train_iter, test_iter, num_epochs, lr, try_gpu())
